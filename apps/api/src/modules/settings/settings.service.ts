import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { AuditService } from '../../core/audit/audit.service.js';
import type { Actor } from '../../core/auth/actor.js';
import { TtlCache } from '../../core/auth/ttl-cache.js';
import { SETTING_DEFAULTS, SETTING_KEYS, type SettingKey, type SettingValues, SETTINGS_RECORD_ID, settingChanges, toSettingsDto } from './app-settings.js';
import type { SettingsDto, UpdateSettingsDto } from './dto/settings.dto.js';

const ALL = 'all';

/**
 * The installation's settings (app_settings). Read on hot paths (a deal's stage move asks whether it needs a next
 * task), so they are cached for a few seconds per instance and forgotten on every write through this instance;
 * another instance sees a change within the cache's lifetime.
 */
@Injectable()
export class SettingsService {
  private readonly cache = new TtlCache<SettingValues>(5_000);

  constructor(
    private readonly dataSource: DataSource,
    private readonly audit: AuditService,
  ) {}

  async getSettings(_actor: Actor): Promise<SettingsDto> {
    return toSettingsDto(await this.values());
  }

  /** One setting's value, from the cache. */
  async value<K extends SettingKey>(key: K): Promise<SettingValues[K]> {
    return (await this.values())[key];
  }

  async updateSettings(actor: Actor, dto: UpdateSettingsDto): Promise<SettingsDto> {
    const changes = settingChanges(dto);
    const keys = Object.keys(changes) as SettingKey[];
    if (!keys.length) return this.getSettings(actor);
    try {
      const values = await this.dataSource.transaction(async (manager) => {
        const stored = (await manager.query('SELECT key, value FROM app_settings WHERE key = ANY($1) FOR UPDATE', [keys])) as { key: SettingKey; value: unknown }[];
        const before: Partial<Record<SettingKey, unknown>> = {};
        for (const key of keys) before[key] = SETTING_DEFAULTS[key];
        for (const row of stored) before[row.key] = row.value;
        await manager.query(
          `INSERT INTO app_settings (key, value)
           SELECT s.key, s.value FROM jsonb_each($1::jsonb) AS s (key, value)
           ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value, updated_at = now(), version = app_settings.version + 1`,
          [JSON.stringify(changes)],
        );
        await this.audit.record(manager, actor, 'settings', SETTINGS_RECORD_ID, 'update', before, changes);
        return this.load(manager);
      });
      return toSettingsDto(values);
    } finally {
      this.cache.forget(ALL);
    }
  }

  private values(): Promise<SettingValues> {
    return this.cache.get(ALL, () => this.load(this.dataSource.manager));
  }

  private async load(manager: DataSource['manager']): Promise<SettingValues> {
    const rows = (await manager.query('SELECT key, value FROM app_settings')) as { key: string; value: unknown }[];
    const values: SettingValues = { ...SETTING_DEFAULTS };
    for (const row of rows) {
      // Keys of older or newer releases are left alone; a known key keeps its default until it holds the right type.
      if ((SETTING_KEYS as string[]).includes(row.key) && typeof row.value === typeof SETTING_DEFAULTS[row.key as SettingKey]) {
        (values as unknown as Record<string, unknown>)[row.key] = row.value;
      }
    }
    return values;
  }
}
