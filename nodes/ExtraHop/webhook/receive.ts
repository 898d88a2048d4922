import {
	NodeApiError,
	NodeOperationError,
	sleep,
	type IDataObject,
	type IWebhookFunctions,
	type IWebhookResponseData,
} from 'n8n-workflow';

import { getDetection } from '../common/api';
import { CREDENTIAL_TYPE } from '../common/auth';
import { simplifyDetection } from '../common/detection';
import { enrichIfAsked } from '../common/enrichment';
import { matchesFilter, type DetectionEvent, type UpdateMode } from '../common/detectionEvents';
import { withReadableTimes } from '../common/readableTimes';
import { buildSearchFilter } from '../common/searchFilter';
import { toList } from '../common/validation';
import {
	decide,
	loadMemory,
	markEmitted,
	recall,
	recentlyEmitted,
	rememberInProcess,
	syncMemory,
	versionKey,
	versionOf,
	type Decision,
} from './memory';
import {
	BadPayload,
	extractDetectionId,
	payloadFormat,
	payloadView,
	readPayload,
	type RequestLike,
} from './payload';
import {
	SENDER_CREDENTIAL,
	basicCredentialProblem,
	checkBasicAuth,
	checkHeaderSecret,
	secretCredentialProblem,
	type AuthFailure,
	type SenderAuthentication,
} from './senderAuth';
import { answer, answerAndFail } from './respond';
import { READABLE_FROM_VERSION } from './description';

/**
 * What a sender gets when the workflow cannot start (the trigger is misconfigured, ExtraHop cannot
 * be read): n8n's failed execution holds the reason, which may name internal hosts.
 */
const NOT_STARTED = {
	code: 'workflow_not_started',
	message:
		'The push was received but the n8n workflow could not start; its failed execution in n8n says why',
};

/** A test push that starts no workflow ends the editor's "Listen for test event" with the reason. */
function testEnded(context: IWebhookFunctions, status: number, why: string): NodeOperationError {
	return new NodeOperationError(context.getNode(), `Test push refused (HTTP ${status}): ${why}`, {
		description:
			'The sender got this answer and no workflow started, as in production. Send the test push again with the header and secret of the credential selected under Sender Authentication.',
	});
}

/** ExtraHop consoles can learn of a detection a moment after a sensor pushed it: one more look after this. */
const NOT_FOUND_RETRY_MS = 1500;

async function checkSender(
	context: IWebhookFunctions,
	mode: SenderAuthentication,
): Promise<AuthFailure | undefined> {
	if (mode === 'none') return undefined;
	const credential = await context.getCredentials(SENDER_CREDENTIAL[mode]);
	const problem =
		mode === 'headerSecret'
			? secretCredentialProblem(credential, false)
			: basicCredentialProblem(credential, false);
	if (problem) {
		// Refuse rather than accept: a misconfigured credential must never open the door.
		return answerAndFail(
			context,
			500,
			NOT_STARTED,
			new NodeOperationError(
				context.getNode(),
				`The sender authentication credential cannot be used: ${problem}`,
				{
					description:
						'Open the credential selected under Sender Authentication and correct it. Until then every push is refused.',
				},
			),
		);
	}
	const headers = context.getHeaderData() as Record<string, string | string[] | undefined>;
	return mode === 'headerSecret'
		? checkHeaderSecret(headers, credential)
		: checkBasicAuth(headers, credential);
}

/** Errors as n8n shows them: NodeApiError / NodeOperationError (existing ones unchanged). */
function nodeError(context: IWebhookFunctions, error: unknown): NodeApiError | NodeOperationError {
	if (error instanceof NodeApiError || error instanceof NodeOperationError) return error;
	return new NodeOperationError(context.getNode(), error instanceof Error ? error : String(error));
}

const isNotFound = (error: unknown): error is NodeApiError =>
	error instanceof NodeApiError && error.httpCode === '404';

async function fetchDetection(context: IWebhookFunctions, id: number): Promise<IDataObject> {
	for (let attempt = 1; ; attempt++) {
		let failure: unknown;
		try {
			return await getDetection(context, id, 0);
		} catch (error) {
			failure = error;
		}
		if (!isNotFound(failure)) throw nodeError(context, failure);
		if (attempt >= 2) {
			failure.message = `ExtraHop pushed detection ${id}, but the ExtraHop system of the selected credential does not have it`;
			failure.description =
				'The detection may have been deleted. Otherwise the credential points at another ExtraHop system than the one pushing: use the sensor or console the trigger runs on (or the console that manages that sensor).';
			throw failure;
		}
		await sleep(NOT_FOUND_RETRY_MS);
	}
}

function payloadFilter(filters: IDataObject): IDataObject {
	const filter = buildSearchFilter({
		categories: filters.categories,
		riskScoreMin: filters.riskScoreMin,
	});
	const types = toList(filters.types);
	if (types.length) filter.types = types;
	return filter;
}

const IGNORED: Record<Exclude<Decision, { emit: true }>['reason'] | 'filtered', string> = {
	filtered: "it does not match the trigger's filters",
	duplicate: 'this version was already received',
	stale: 'a newer version was already received',
	trackingOnly: 'only ticket tracking fields changed',
	eventNotSelected: 'its event is not selected',
};

export async function receiveDetection(context: IWebhookFunctions): Promise<IWebhookResponseData> {
	const senderAuthentication = context.getNodeParameter(
		'senderAuthentication',
		'headerSecret',
	) as SenderAuthentication;
	const manual = context.getMode() === 'manual';
	const refused = await checkSender(context, senderAuthentication);
	if (refused) {
		const body = { code: refused.code, message: refused.message };
		// A refused push starts nothing in production (no execution either: anyone can send one);
		// a test push ends the test, so that the editor says why instead of listening on.
		if (manual)
			answerAndFail(
				context,
				refused.status,
				body,
				testEnded(context, refused.status, refused.message),
				refused.headers,
			);
		return answer(context, refused.status, body, refused.headers);
	}

	let payload: IDataObject;
	let id: number;
	let source: ReturnType<typeof extractDetectionId>['source'];
	try {
		payload = await readPayload(context.getRequestObject() as unknown as RequestLike);
		({ id, source } = extractDetectionId(payload));
	} catch (error) {
		if (!(error instanceof BadPayload))
			answerAndFail(context, 500, NOT_STARTED, nodeError(context, error));
		const body = { code: error.code, message: error.message };
		if (manual)
			answerAndFail(
				context,
				400,
				body,
				new NodeOperationError(
					context.getNode(),
					`Test push refused (HTTP 400): ${error.message}`,
					{
						description: 'The sender got this answer and no workflow started, as in production.',
					},
				),
			);
		return answer(context, 400, body);
	}

	const authentication = context.getNodeParameter('authentication', 'apiKey') as string;
	const events = context.getNodeParameter('events', []) as DetectionEvent[];
	if (events.length === 0) {
		answerAndFail(
			context,
			500,
			NOT_STARTED,
			new NodeOperationError(context.getNode(), 'No event selected', {
				description: 'Choose "Detection Created", "Detection Updated" or both under Events.',
			}),
		);
	}
	const updateMode = (
		events.includes('updated') ? context.getNodeParameter('updateMode', 'activity') : 'activity'
	) as UpdateMode;
	const options = context.getNodeParameter('options', {}) as IDataObject;

	let detection: IDataObject;
	let filter: IDataObject;
	if (authentication === 'none') {
		detection = payloadView(payload, id);
		filter = payloadFilter(context.getNodeParameter('payloadFilters', {}) as IDataObject);
	} else {
		const credentialType =
			CREDENTIAL_TYPE[authentication === 'revealX360' ? 'revealX360' : 'apiKey'];
		if (!context.getNode().credentials?.[credentialType]) {
			answerAndFail(
				context,
				500,
				NOT_STARTED,
				new NodeOperationError(context.getNode(), 'No ExtraHop API credential selected', {
					description:
						'Select a credential under "ExtraHop API", or choose "None (Use the Payload as Received)" there to emit the payload without reading the detection.',
				}),
			);
		}
		try {
			detection = await fetchDetection(context, id);
		} catch (error) {
			answerAndFail(context, 500, NOT_STARTED, nodeError(context, error));
		}
		filter = buildSearchFilter(context.getNodeParameter('filters', {}) as IDataObject);
	}

	// Accepted and ignored pushes are answered by n8n, not here: n8n saves the workflow's static data
	// (this node's memory) before it sends a `webhookResponse`, but after the node answered itself
	// (LiveWebhooks.executeWebhook's callback in n8n 2.8: saveStaticData, then the response). ExtraHop
	// re-sending a version it got a 200 for is then always recognised, even by a restarted process.
	const ignore = (reason: keyof typeof IGNORED): IWebhookResponseData => {
		const message = `Detection ${id} received and ignored: ${IGNORED[reason]}`;
		if (manual) {
			// "Listen for test event": show why instead of listening on; nothing downstream runs.
			answerAndFail(
				context,
				200,
				{ message, ignored: reason },
				new NodeOperationError(context.getNode(), message, {
					description:
						'In production ExtraHop gets 200 and no workflow starts for this push. To test with it, widen the Filters or the Events of this node.',
				}),
			);
		}
		return { webhookResponse: { message, ignored: reason } };
	};

	if (!matchesFilter(detection, filter)) return ignore('filtered');

	const version = versionOf(detection);
	let decision: Decision;
	if (manual) {
		// "Listen for test event": every push is shown; n8n keeps no static data for test runs.
		decision = decide(undefined, version, events, updateMode);
	} else {
		const node = context.getNode();
		const scope = `${context.getWorkflow().id ?? ''}/${node.id}`;
		const key = versionKey(scope, version);
		if (recentlyEmitted(key)) return ignore('duplicate');
		const staticData = context.getWorkflowStaticData('node');
		const stored = loadMemory(staticData.memory);
		// From here to the end of this block nothing awaits: concurrent requests of this process
		// decide one after the other against one merged memory.
		const memory = syncMemory(scope, stored);
		decision = decide(recall(memory, id), version, events, updateMode);
		if (decision.emit || (decision.reason !== 'duplicate' && decision.reason !== 'stale')) {
			staticData.memory = rememberInProcess(scope, version) as unknown as IDataObject;
		} else if (JSON.stringify(memory.seen) !== JSON.stringify(stored.seen)) {
			// What this process knows and the loaded static data lacks is written back too.
			staticData.memory = memory as unknown as IDataObject;
		}
		if (decision.emit) markEmitted(key);
	}
	if (!decision.emit) return ignore(decision.reason);

	// Version 1 emits epoch times only, and simplifies only when asked in the options.
	const readable = context.getNode().typeVersion >= READABLE_FROM_VERSION;
	let json: IDataObject;
	if (authentication === 'none') {
		json = {
			...payload,
			id,
			event: decision.event,
			payload_format: payloadFormat(payload, source),
		};
		if (readable) json = withReadableTimes({ id, event: decision.event, ...json });
	} else {
		const simplify = readable
			? (context.getNodeParameter('simplify', true) as boolean)
			: options.simplify === true;
		let full: IDataObject;
		try {
			full = await enrichIfAsked(context, { ...detection, event: decision.event }, options);
		} catch (error) {
			answerAndFail(context, 500, NOT_STARTED, nodeError(context, error));
		}
		if (simplify) json = { ...simplifyDetection(full), event: decision.event };
		else json = readable ? withReadableTimes(full) : full;
	}
	// n8n answers with `webhookResponse` after it has queued the execution and saved the memory.
	return {
		workflowData: [[{ json }]],
		webhookResponse: {
			message: `Detection ${id} received: workflow started`,
			event: decision.event,
		},
	};
}
