import { useMessage } from 'naive-ui';
import { type Ref, ref, watch } from 'vue';
import { useI18n } from 'vue-i18n';
import type { Schema } from '@/api/client';
import type { Address } from '@/components/AddressFields.vue';
import { useRecordForm } from './use-record-form';

interface VersionedRecord {
  id: string;
  version: number;
}

/** The parts of a client record every form edits the same way. */
export interface ClientRecordFields {
  ownerId: string | null;
  tags: string[];
  emails: { type: string; value: string }[];
  phones: { type: string; value: string }[];
  address: Address;
}

export function clientRecordFields(
  record: { ownerId: string | null; tags: string[]; emails: Schema<'EmailDto'>[]; phones: Schema<'PhoneDto'>[]; address: Address | null } | null | undefined,
  defaultOwnerId: string | null,
): ClientRecordFields {
  return {
    ownerId: record?.ownerId ?? defaultOwnerId,
    tags: [...(record?.tags ?? [])],
    emails: (record?.emails ?? []).map((email) => ({ ...email })),
    phones: (record?.phones ?? []).map((phone) => ({ ...phone })),
    address: { ...(record?.address ?? {}) },
  };
}

/** Those parts as the API takes them: trimmed contact points, only the filled address lines (or null). */
export function clientRecordBody(fields: ClientRecordFields) {
  const address = Object.fromEntries(Object.entries(fields.address).filter(([, value]) => value));
  return {
    ownerId: fields.ownerId ?? undefined,
    tags: fields.tags,
    emails: fields.emails.map((email) => ({ type: email.type as Schema<'EmailDto'>['type'], value: email.value.trim() })),
    phones: fields.phones.map((phone) => ({ type: phone.type as Schema<'PhoneDto'>['type'], value: phone.value.trim() })),
    address: Object.keys(address).length ? address : null,
  };
}

/** Query parameters of a create or update: `force` saves although the API suspects a duplicate. */
export interface SaveQuery {
  force?: true;
}

/**
 * A create/edit form of one record: the model reset whenever the form opens, save through create or update with the
 * version that was read, after a version conflict a reload of the latest version to edit on, and after a suspected
 * duplicate a save anyway.
 */
export function useRecordEditor<Item extends VersionedRecord, Model>(options: {
  record: () => Item | null | undefined;
  show: Ref<boolean>;
  toModel: (record: Item | null | undefined) => Model;
  create: (model: Model, query: SaveQuery) => Promise<Item>;
  update: (id: string, model: Model, version: number, query: SaveQuery) => Promise<Item>;
  fetch: (id: string) => Promise<Item>;
  messages: { created: string; saved: string };
  onSaved: (record: Item) => void;
}) {
  const { t } = useI18n();
  const message = useMessage();
  const recordForm = useRecordForm();
  const model = ref(options.toModel(options.record())) as Ref<Model>;
  let version = options.record()?.version;

  watch(options.show, (open) => {
    if (!open) return;
    model.value = options.toModel(options.record());
    version = options.record()?.version;
    recordForm.conflict.value = false;
    recordForm.duplicates.value = null;
  });

  async function save(query: SaveQuery): Promise<void> {
    const current = options.record();
    const saved = await recordForm.save(() =>
      current ? options.update(current.id, model.value, version ?? current.version, query) : options.create(model.value, query),
    );
    if (saved) {
      message.success(t(current ? options.messages.saved : options.messages.created));
      options.onSaved(saved);
      options.show.value = false;
    }
  }

  // Bound to form events, which pass an Event: save anyway only ever comes from its own button.
  const submit = () => save({});
  const saveAnyway = () => save({ force: true });

  async function reloadLatest(): Promise<void> {
    const current = options.record();
    if (!current) return;
    const latest = await options.fetch(current.id);
    model.value = options.toModel(latest);
    version = latest.version;
    recordForm.conflict.value = false;
  }

  return { ...recordForm, model, submit, saveAnyway, reloadLatest };
}
