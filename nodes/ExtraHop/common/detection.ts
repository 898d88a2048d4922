import type { IDataObject } from 'n8n-workflow';

/** The web UI's address for an API base URL: RevealX 360 serves the UI without ".api.". */
export function uiBaseUrl(apiBase: string): string {
	return apiBase.replace(/^(https?:\/\/[^/]+?)\.api\.(cloud\.extrahop\.com)/i, '$1.$2');
}

/** Adds `url` (the detection's page in ExtraHop) when the firmware did not send one. */
export function withDetectionUrl(detection: IDataObject, apiBase: string): IDataObject {
	if (typeof detection.url === 'string' && detection.url !== '') return detection;
	if (detection.id === undefined || detection.id === null) return detection;
	return {
		...detection,
		url: `${uiBaseUrl(apiBase)}/extrahop/#/detections/detail/${String(detection.id)}`,
	};
}

interface Participant {
	role?: string;
	object_value?: string;
	hostname?: string;
	object_type?: string;
	object_id?: number;
}

function describeParticipant(p: Participant): string {
	return p.hostname && p.object_value
		? `${p.hostname} (${p.object_value})`
		: (p.hostname ?? p.object_value ?? `${p.object_type ?? 'object'} ${p.object_id ?? ''}`.trim());
}

/** The fields a ticket needs, flat; the full object stays available with Simplify off. */
/** An epoch-milliseconds time as ISO 8601 (UTC), or null when there is none. */
export function isoTime(value: unknown): string | null {
	if (value === null || value === undefined || value === '') return null;
	const ms = Number(value);
	if (!Number.isFinite(ms)) return null;
	const date = new Date(ms);
	return Number.isNaN(date.getTime()) ? null : date.toISOString();
}

export function simplifyDetection(detection: IDataObject): IDataObject {
	const participants = (
		Array.isArray(detection.participants) ? detection.participants : []
	) as Participant[];
	const tactics = (Array.isArray(detection.mitre_tactics) ? detection.mitre_tactics : []) as Array<{
		name?: string;
	}>;
	const techniques = (
		Array.isArray(detection.mitre_techniques) ? detection.mitre_techniques : []
	) as Array<{ id?: string; name?: string }>;
	const simple: IDataObject = {
		id: detection.id,
		title: detection.title,
		type: detection.type,
		categories: detection.categories ?? [],
		risk_score: detection.risk_score ?? null,
		status: detection.status ?? null,
		resolution: detection.resolution ?? null,
		assignee: detection.assignee ?? null,
		ticket_id: detection.ticket_id ?? null,
		start_time: detection.start_time,
		start_time_iso: isoTime(detection.start_time),
		end_time: detection.end_time,
		end_time_iso: isoTime(detection.end_time),
		mod_time: detection.mod_time,
		mod_time_iso: isoTime(detection.mod_time),
		offenders: participants.filter((p) => p.role === 'offender').map(describeParticipant),
		victims: participants.filter((p) => p.role === 'victim').map(describeParticipant),
		mitre_tactics: tactics.map((t) => t.name).filter(Boolean),
		mitre_techniques: techniques.map((t) => `${t.id ?? ''} ${t.name ?? ''}`.trim()),
		url: detection.url,
	};
	for (const key of ['event', 'activity_log'])
		if (detection[key] !== undefined) simple[key] = detection[key];
	// Enriched participants (the "Enrich Participants" option) are what a ticket needs: keep them.
	if (Array.isArray(detection.participants_summary)) {
		simple.participants = detection.participants;
		simple.participants_summary = detection.participants_summary;
	}
	return simple;
}
