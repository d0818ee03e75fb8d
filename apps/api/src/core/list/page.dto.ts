import type { Type } from '@nestjs/common';
import { ApiProperty } from '@nestjs/swagger';

/**
 * Base of every list answer: `class ContactPageDto extends PageOf(ContactDto) {}` gives a named schema with typed
 * items and the keyset cursor.
 */
export function PageOf<Item>(item: Type<Item>) {
  abstract class Page {
    @ApiProperty({ type: [item] })
    items: Item[];

    @ApiProperty({ nullable: true, type: String, description: 'Pass as `cursor` for the next page; null on the last page' })
    nextCursor: string | null;
  }
  return Page;
}
