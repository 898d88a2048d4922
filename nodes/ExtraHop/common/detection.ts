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

/**
 * A detection's participants: its own, or, when it carries an activity log instead (ExtraHop then
 * leaves the top-level list out), every distinct participant of its activities.
 */
export function participantsOf(detection: IDataObject): Participant[] {
	if (Array.isArray(detection.participants)) return detection.participants as Participant[];
	const seen = new Map<string, Participant>();
	for (const activity of (Array.isArray(detection.activity_log)
		? detection.activity_log
		: []) as IDataObject[])
		for (const p of (Array.isArray(activity.participants)
			? activity.participants
			: []) as Participant[]) {
			const key = `${p.role}|${p.object_type}|${p.object_id}|${p.object_value}`;
			if (!seen.has(key)) seen.set(key, p);
		}
	return [...seen.values()];
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
	const participants = participantsOf(detection);
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
	for (const key of ['event', 'activity_log', 'type_context', 'links'])
		if (detection[key] !== undefined) simple[key] = detection[key];
	// Enriched participants (the "Enrich Participants" option) are what a ticket needs: keep them.
	if (Array.isArray(detection.participants_summary)) {
		simple.participants = detection.participants;
		simple.participants_summary = detection.participants_summary;
	}
	return simple;
}
