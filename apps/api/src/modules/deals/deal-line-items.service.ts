import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { AuditService } from '../../core/audit/audit.service.js';
import type { Actor } from '../../core/auth/actor.js';
import { RecordException } from '../../core/http/domain-exception.js';
import { type FieldError, ValidationFailedException } from '../../core/http/validation.js';
import { minorDigits } from '../../core/money/money.js';
import { dealLineTotals } from './deal-line-totals.js';
import type { DealLineItem } from './deal-line-item.entity.js';
import { dealColumns, dealSnapshot, loadLineItems, loadTimeInStages, lockDeal } from './deal-records.js';
import type { Deal } from './deal.entity.js';
import { DealException } from './deals.errors.js';
import type { DealLineItemInputDto, ReplaceDealLineItemsDto } from './dto/deal-line-item.dto.js';
import { toDealLineItemDto } from './dto/deal-line-item.dto.js';
import { type DealDetailDto, toDealDto } from './dto/deal.dto.js';

/** A line ready to be stored: its inputs with the product's defaults filled in, and its computed amounts. */
export type PricedLine = Omit<DealLineItem, 'id' | 'dealId'>;

/** An amount must fit numeric(19,4): 15 digits before the point. */
const MAX_AMOUNT_UNITS = 10n ** 15n;

interface ProductRow {
  id: string;
  name: string;
  unit: string;
  price: string;
  currency: string;
  vatRate: string;
}

/**
 * Line items of deals. A deal's lines are replaced as a whole, with the deal locked and its version checked, and its
 * amount becomes exactly the sum of their totals (see deal-line-totals.ts for the arithmetic).
 */
@Injectable()
export class DealLineItemsService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly audit: AuditService,
  ) {}

  async replaceDealLineItems(actor: Actor, id: string, dto: ReplaceDealLineItemsDto): Promise<DealDetailDto> {
    return this.dataSource.transaction(async (manager) => {
      const before = await lockDeal(manager, actor, id, 'update');
      if (before.version !== dto.version) throw RecordException.stale('deal', before.version);
      const { lines, amount } = await this.priceLines(manager, dto.items, before.currency, 'items');
      const linesBefore = await loadLineItems(manager, id);
      const stored = await this.storeLines(manager, id, lines, true);
      // Without lines the amount stays what they made it, and becomes editable again.
      const rows = (await manager.query(
        `UPDATE deals d SET amount = $2, version = d.version + 1, updated_at = now() WHERE d.id = $1 RETURNING ${dealColumns(manager, 'd')}`,
        [id, lines.length ? amount : before.amount],
      )) as [Deal[], number];
      const after = rows[0][0]!;
      await this.audit.record(
        manager,
        actor,
        'deal',
        id,
        'update',
        dealSnapshot(before, { lineItems: linesBefore }),
        dealSnapshot(after, { lineItems: stored }),
      );
      return {
        ...toDealDto(after, before.companySummary, before.contactSummaries),
        lineItems: stored.map((line) => toDealLineItemDto(line, after.currency)),
        timeInStages: await loadTimeInStages(manager, after),
      };
    });
  }

  /**
   * The lines as they will be stored, in the deal's currency: a line with a product takes the product's name, unit,
   * price and VAT rate where it gives none; one without needs its own name and price. 400 for a product that does not
   * exist, 422 for a product price in another currency, and nothing is written.
   */
  async priceLines(
    manager: EntityManager,
    items: DealLineItemInputDto[],
    currency: string,
    field: string,
  ): Promise<{ lines: PricedLine[]; amount: string }> {
    const productIds = [...new Set(items.map((item) => item.productId).filter((productId): productId is string => !!productId))];
    const products = new Map<string, ProductRow>();
    if (productIds.length) {
      const rows = (await manager.query(
        'SELECT id, name, unit, price, currency, vat_rate AS "vatRate" FROM products WHERE id = ANY($1)',
        [productIds],
      )) as ProductRow[];
      for (const row of rows) products.set(row.id, row);
    }
    const errors: FieldError[] = [];
    const inputs = items.map((item, index) => {
      const product = item.productId ? products.get(item.productId) : undefined;
      if (item.productId && !product) {
        throw RecordException.referenceNotFound(`${field}[${index}].productId`);
      }
      if (product && item.price === undefined && product.currency !== currency) {
        throw DealException.productCurrencyMismatch(index, product.currency, currency);
      }
      const name = item.name ?? product?.name;
      const price = item.price ?? product?.price;
      if (name === undefined) errors.push({ field: `${field}[${index}].name`, messages: ['name is required without productId'], codes: ['required'] });
      if (price === undefined) errors.push({ field: `${field}[${index}].price`, messages: ['price is required without productId'], codes: ['required'] });
      return {
        productId: item.productId ?? null,
        position: index,
        name: name ?? '',
        unit: item.unit ?? product?.unit ?? 'pcs',
        quantity: item.quantity,
        price: price ?? '0',
        discountPercent: item.discountPercent ?? '0',
        vatRate: item.vatRate ?? product?.vatRate ?? '0',
      };
    });
    if (errors.length) throw new ValidationFailedException(errors);
    const totals = dealLineTotals(inputs, currency);
    if (totals.amountMinor >= MAX_AMOUNT_UNITS * 10n ** BigInt(minorDigits(currency))) throw DealException.lineItemsTooLarge();
    return { lines: inputs.map((input, index) => ({ ...input, ...totals.lines[index]! })), amount: totals.amount };
  }

  /** Stores `lines` as the deal's lines (replacing any it had when `replace`), in one statement each; returns them in order. */
  async storeLines(manager: EntityManager, dealId: string, lines: PricedLine[], replace: boolean): Promise<DealLineItem[]> {
    if (replace) await manager.query('DELETE FROM deal_line_items WHERE deal_id = $1', [dealId]);
    if (!lines.length) return [];
    const rows = (await manager.query(
      `INSERT INTO deal_line_items
         (deal_id, product_id, position, name, unit, quantity, price, discount_percent, vat_rate, net_amount, vat_amount, total_amount)
       SELECT $1, l."productId", l.position, l.name, l.unit, l.quantity, l.price, l."discountPercent", l."vatRate",
              l."netAmount", l."vatAmount", l."totalAmount"
         FROM jsonb_to_recordset($2::jsonb) AS l("productId" uuid, position integer, name varchar, unit varchar, quantity numeric,
              price numeric, "discountPercent" numeric, "vatRate" numeric, "netAmount" numeric, "vatAmount" numeric, "totalAmount" numeric)
       RETURNING id, deal_id AS "dealId", product_id AS "productId", position, name, unit, quantity, price,
                 discount_percent AS "discountPercent", vat_rate AS "vatRate", net_amount AS "netAmount",
                 vat_amount AS "vatAmount", total_amount AS "totalAmount"`,
      [dealId, JSON.stringify(lines)],
    )) as DealLineItem[];
    return rows.sort((a, b) => a.position - b.position);
  }
}
