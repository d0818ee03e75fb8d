import { Inject, Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { assertMayReadSettingsOf } from '../../core/access/access.js';
import { type AuditSnapshot, AuditService } from '../../core/audit/audit.service.js';
import type { Actor } from '../../core/auth/actor.js';
import { APP_CONFIG, type AppConfig } from '../../core/config/app-config.js';
import { isUniqueViolation } from '../../core/database/unique-violation.js';
import { RecordException } from '../../core/http/domain-exception.js';
import { ValidationFailedException } from '../../core/http/validation.js';
import { paginate, parseSort, type SortableFields } from '../../core/list/cursor-list.js';
import { likePattern } from '../../core/list/list-filters.js';
import { fitsCurrency, minorDigits } from '../../core/money/money.js';
import {
  type CreateProductDto,
  type ListProductsQueryDto,
  type ProductDto,
  type ProductPageDto,
  toProductDto,
  type UpdateProductDto,
} from './dto/product.dto.js';
import { Product } from './product.entity.js';
import { ProductException } from './products.errors.js';

const SORTABLE: SortableFields<Product> = {
  name: { column: 'p.name', value: (row) => row.name },
  price: { column: 'p.price', cast: 'numeric', value: (row) => row.price },
  createdAt: { column: 'p.createdAt', cast: 'timestamptz', value: (row) => row.createdAt.toISOString() },
};

/** What the audit log keeps of a product (under entity `settings`). */
function snapshot(product: Product): AuditSnapshot {
  const { name, sku, unit, price, currency, vatRate, description, active } = toProductDto(product);
  return { setting: 'product', name, sku, unit, price, currency, vatRate, description, active };
}

/** 400 unless the price has no more decimals than the currency's minor unit. */
function assertPriceFits(price: string, currency: string): void {
  if (!fitsCurrency(price, currency)) {
    const digits = minorDigits(currency);
    throw new ValidationFailedException([
      { field: 'price', messages: [`price must have at most ${digits} decimals in ${currency}`], codes: ['currencyPrecision'] },
    ]);
  }
}

function mapSkuTaken(sku: string | null | undefined) {
  return (error: unknown): never => {
    if (sku && isUniqueViolation(error, 'products_sku_key')) throw ProductException.skuTaken(sku);
    throw error;
  };
}

/**
 * The product catalogue deals are priced from, administered under the `settings` permission and read by everyone who
 * works with deals. Deleting a product is final; deal lines keep their own copy of its name and price.
 */
@Injectable()
export class ProductsService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly audit: AuditService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** A product by id, or null; the caller decides whether an inactive one will do. */
  findProduct(id: string, manager: EntityManager = this.dataSource.manager): Promise<Product | null> {
    return manager.findOneBy(Product, { id });
  }

  async listProducts(actor: Actor, query: ListProductsQueryDto): Promise<ProductPageDto> {
    assertMayReadSettingsOf(actor, 'deal');
    const products = this.dataSource.getRepository(Product).createQueryBuilder('p');
    if (query.q?.trim()) products.andWhere('p.search LIKE :q', { q: likePattern(query.q) });
    if (query.active !== undefined) products.andWhere('p.active = :active', { active: query.active });
    if (query.currency) products.andWhere('p.currency = :currency', { currency: query.currency });
    const page = await paginate(products, {
      sort: parseSort(query.sort, SORTABLE, 'name'),
      tieBreaker: { column: 'p.id', cast: 'uuid', value: (row) => row.id },
      limit: query.limit,
      cursor: query.cursor,
    });
    return { items: page.items.map(toProductDto), nextCursor: page.nextCursor };
  }

  async getProduct(actor: Actor, id: string): Promise<ProductDto> {
    assertMayReadSettingsOf(actor, 'deal');
    const product = await this.findProduct(id);
    if (!product) throw RecordException.notFound('product');
    return toProductDto(product);
  }

  async createProduct(actor: Actor, dto: CreateProductDto): Promise<ProductDto> {
    const currency = dto.currency ?? this.config.defaultCurrency;
    assertPriceFits(dto.price, currency);
    return this.dataSource
      .transaction(async (manager) => {
        const product = await manager.save(
          manager.create(Product, {
            name: dto.name,
            sku: dto.sku ?? null,
            unit: dto.unit ?? 'pcs',
            price: dto.price,
            currency,
            vatRate: dto.vatRate ?? '0',
            description: dto.description ?? null,
            active: dto.active ?? true,
            createdById: actor.userId,
            version: 1,
          }),
        );
        const created = await manager.findOneByOrFail(Product, { id: product.id });
        await this.audit.record(manager, actor, 'settings', created.id, 'create', {}, snapshot(created));
        return toProductDto(created);
      })
      .catch(mapSkuTaken(dto.sku));
  }

  /** Changes some fields; needs the version you read. */
  async updateProduct(actor: Actor, id: string, dto: UpdateProductDto, ifMatch?: number): Promise<ProductDto> {
    const { version = ifMatch, ...changes } = dto;
    if (version === undefined) throw RecordException.versionRequired();
    return this.dataSource
      .transaction(async (manager) => {
        const before = await manager.getRepository(Product).createQueryBuilder('p').where('p.id = :id', { id }).setLock('for_no_key_update').getOne();
        if (!before) throw RecordException.notFound('product');
        if (before.version !== version) throw RecordException.stale('product', before.version);
        if (changes.price !== undefined || changes.currency !== undefined) {
          assertPriceFits(changes.price ?? before.price, changes.currency ?? before.currency);
        }
        await manager.update(Product, { id }, { ...changes, version: () => 'version + 1', updatedAt: () => 'now()' });
        const after = await manager.findOneByOrFail(Product, { id });
        await this.audit.record(manager, actor, 'settings', id, 'update', snapshot(before), snapshot(after));
        return toProductDto(after);
      })
      .catch(mapSkuTaken(changes.sku));
  }

  /** Deletes the product for good; deal lines that used it keep their name and price and lose the link. */
  async deleteProduct(actor: Actor, id: string, ifMatch?: number): Promise<void> {
    await this.dataSource.transaction(async (manager) => {
      const product = await manager.getRepository(Product).createQueryBuilder('p').where('p.id = :id', { id }).setLock('pessimistic_write').getOne();
      if (!product) throw RecordException.notFound('product');
      if (ifMatch !== undefined && product.version !== ifMatch) throw RecordException.stale('product', product.version);
      await manager.delete(Product, { id });
      await this.audit.record(manager, actor, 'settings', id, 'delete', snapshot(product), {});
    });
  }
}
