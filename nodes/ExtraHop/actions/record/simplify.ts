import type { IDataObject } from 'n8n-workflow';

import { isoTime } from '../../common/detection';

/**
 * A value as a plain scalar: ExtraHop may write an address or a device as an object (`{"value":
 * "10.1.2.3"}`, `{"discovery_id": "…"}`) rather than as text; both read the same here.
 */
function plain(value: unknown): unknown {
	if (!value || typeof value !== 'object' || Array.isArray(value)) return value;
	const object = value as IDataObject;
	for (const key of ['value', 'addr', 'discovery_id', 'str'])
		if (object[key] !== undefined && typeof object[key] !== 'object') return object[key];
	return value;
}

/**
 * One flat object per record: `id`, `type`, ISO 8601 times (`time`, `first_time`, `last_time`),
 * then the record's own fields (`_source`) at the top level with addresses and devices as plain
 * values.
 */
export function simplifyRecord(record: IDataObject): IDataObject {
	const source = (
		record._source && typeof record._source === 'object' ? record._source : {}
	) as IDataObject;
	const out: IDataObject = {
		id: record._id ?? null,
		type: record._type ?? source.type ?? null,
		time: isoTime(source.timestamp),
		first_time: isoTime(source.first),
		last_time: isoTime(source.last),
	};
	for (const [key, value] of Object.entries(source)) {
		if (key in out) continue;
		out[key] = plain(value) as IDataObject[string];
	}
	return out;
}
