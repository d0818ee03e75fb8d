import type { SettingsDto, UpdateSettingsDto } from './dto/settings.dto.js';

/**
 * The installation's settings by key, as app_settings stores them (one row per key that was ever set): each with its
 * value when it was never set, and where it sits in the API's nested answer and update body.
 */
export interface SettingValues {
  'deals.requireNextTask': boolean;
}
export type SettingKey = keyof SettingValues;

export const SETTING_DEFAULTS: SettingValues = {
  'deals.requireNextTask': false,
};

export const SETTING_KEYS = Object.keys(SETTING_DEFAULTS) as SettingKey[];

/** The audit log keeps the settings as one record under this id (the nil UUID): there is one set per installation. */
export const SETTINGS_RECORD_ID = '00000000-0000-0000-0000-000000000000';

export function toSettingsDto(values: SettingValues): SettingsDto {
  return { deals: { requireNextTask: values['deals.requireNextTask'] } };
}

/** The keys an update body sets, with their new values. */
export function settingChanges(dto: UpdateSettingsDto): Partial<SettingValues> {
  const changes: Partial<SettingValues> = {};
  if (dto.deals?.requireNextTask !== undefined) changes['deals.requireNextTask'] = dto.deals.requireNextTask;
  return changes;
}
