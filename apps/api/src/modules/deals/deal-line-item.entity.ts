import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

/** One line of a deal. The three amounts are computed by the API and rounded to the deal currency's minor unit. */
@Entity({ name: 'deal_line_items' })
export class DealLineItem {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ name: 'deal_id', type: 'uuid' })
  dealId: string;

  @Column({ name: 'product_id', type: 'uuid', nullable: true })
  productId: string | null;

  @Column({ type: 'integer' })
  position: number;

  @Column({ type: 'varchar' })
  name: string;

  @Column({ type: 'varchar' })
  unit: string;

  @Column({ type: 'numeric' })
  quantity: string;

  @Column({ type: 'numeric' })
  price: string;

  @Column({ name: 'discount_percent', type: 'numeric' })
  discountPercent: string;

  @Column({ name: 'vat_rate', type: 'numeric' })
  vatRate: string;

  @Column({ name: 'net_amount', type: 'numeric' })
  netAmount: string;

  @Column({ name: 'vat_amount', type: 'numeric' })
  vatAmount: string;

  @Column({ name: 'total_amount', type: 'numeric' })
  totalAmount: string;
}
