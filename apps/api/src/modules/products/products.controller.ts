import { Body, Controller, Delete, Get, HttpCode, Patch, Post, Query } from '@nestjs/common';
import {
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiForbiddenResponse,
  ApiNoContentResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiTags,
} from '@nestjs/swagger';
import type { Actor } from '../../core/auth/actor.js';
import { Authenticated, Can, CurrentActor } from '../../core/auth/auth.decorators.js';
import { IdParam } from '../../core/http/id-param.js';
import { ProblemDto } from '../../core/openapi/problem.dto.js';
import { IfMatch, IfMatchHeader } from '../../core/records/version.js';
import { CreateProductDto, ListProductsQueryDto, ProductDto, ProductPageDto, UpdateProductDto } from './dto/product.dto.js';
import { ProductsService } from './products.service.js';

const ReadableByDealUsers = () => ApiForbiddenResponse({ type: ProblemDto, description: 'Your role may read neither deals nor settings' });

@ApiTags('products')
@Controller('products')
export class ProductsController {
  constructor(private readonly service: ProductsService) {}

  /** The catalogue, a page at a time; for anyone who may read deals or settings. */
  @Get()
  @Authenticated()
  @ReadableByDealUsers()
  @ApiOkResponse({ type: ProductPageDto })
  listProducts(@CurrentActor() actor: Actor, @Query() query: ListProductsQueryDto): Promise<ProductPageDto> {
    return this.service.listProducts(actor, query);
  }

  @Get(':id')
  @Authenticated()
  @ReadableByDealUsers()
  @ApiOkResponse({ type: ProductDto })
  @ApiNotFoundResponse({ type: ProblemDto, description: 'No such product' })
  getProduct(@CurrentActor() actor: Actor, @IdParam() id: string): Promise<ProductDto> {
    return this.service.getProduct(actor, id);
  }

  @Post()
  @Can('settings', 'update')
  @ApiCreatedResponse({ type: ProductDto })
  @ApiConflictResponse({ type: ProblemDto, description: '`sku_taken`: another product has the SKU (ignoring case)' })
  createProduct(@CurrentActor() actor: Actor, @Body() dto: CreateProductDto): Promise<ProductDto> {
    return this.service.createProduct(actor, dto);
  }

  /** Changes some fields; needs the version you read. Deals priced earlier keep their prices. */
  @Patch(':id')
  @Can('settings', 'update')
  @IfMatchHeader()
  @ApiOkResponse({ type: ProductDto })
  @ApiNotFoundResponse({ type: ProblemDto, description: 'No such product' })
  @ApiConflictResponse({ type: ProblemDto, description: '`version_conflict`, or `sku_taken`' })
  updateProduct(
    @CurrentActor() actor: Actor,
    @IdParam() id: string,
    @Body() dto: UpdateProductDto,
    @IfMatch() ifMatch?: number,
  ): Promise<ProductDto> {
    return this.service.updateProduct(actor, id, dto, ifMatch);
  }

  /** Deletes the product for good; deal lines that used it keep their own name and price and lose the link. */
  @Delete(':id')
  @Can('settings', 'update')
  @HttpCode(204)
  @IfMatchHeader()
  @ApiNoContentResponse({ description: 'Deleted' })
  @ApiNotFoundResponse({ type: ProblemDto, description: 'No such product' })
  deleteProduct(@CurrentActor() actor: Actor, @IdParam() id: string, @IfMatch() ifMatch?: number): Promise<void> {
    return this.service.deleteProduct(actor, id, ifMatch);
  }
}
