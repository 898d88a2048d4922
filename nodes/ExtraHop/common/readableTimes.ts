import type { IDataObject } from 'n8n-workflow';

import { isoTime } from './detection';

/** Epoch milliseconds between 1973 and 5138: ExtraHop's times; 0 ("never") and seconds are left alone. */
const isEpochMs = (value: unknown): value is number =>
	typeof value === 'number' && Number.isInteger(value) && value >= 1e11 && value < 1e14;

const isTimeKey = (key: string) => /(^|_)time$/.test(key) || key === 'expiration';

/**
 * The object with an ISO 8601 (UTC) copy right after each top-level epoch-milliseconds time
 * (`mod_time` -> `mod_time_iso`), so that a table shows readable times beside ExtraHop's.
 * Keys already present are kept; other values are untouched.
 */
export function withReadableTimes(json: IDataObject): IDataObject {
	const keys = Object.keys(json);
	if (!keys.some((key) => isTimeKey(key) && isEpochMs(json[key]) && !(`${key}_iso` in json)))
		return json;
	const out: IDataObject = {};
	for (const key of keys) {
		if (key.endsWith('_iso') && key.slice(0, -4) in json && isTimeKey(key.slice(0, -4))) continue;
		out[key] = json[key];
		if (!isTimeKey(key)) continue;
		const existing = json[`${key}_iso`];
		if (existing !== undefined) out[`${key}_iso`] = existing;
		else if (isEpochMs(json[key])) out[`${key}_iso`] = isoTime(json[key]);
	}
	return out;
}
