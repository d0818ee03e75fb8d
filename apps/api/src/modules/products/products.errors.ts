import { DomainException } from '../../core/http/domain-exception.js';

export type ProductErrorCode = 'sku_taken';

const PRODUCT_ERROR_STATUS: Record<ProductErrorCode, number> = {
  sku_taken: 409,
};

export class ProductException extends DomainException<ProductErrorCode> {
  get status(): number {
    return PRODUCT_ERROR_STATUS[this.code];
  }

  static skuTaken(sku: string): ProductException {
    return new ProductException('sku_taken', `Another product has the SKU "${sku}".`, {
      errors: [{ field: 'sku', messages: ['sku is already taken'], codes: ['skuTaken'] }],
    });
  }
}
