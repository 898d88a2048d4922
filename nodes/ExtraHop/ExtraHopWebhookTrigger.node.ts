import {
	NodeApiError,
	NodeConnectionTypes,
	NodeOperationError,
	sleep,
	type ICredentialsDecrypted,
	type ICredentialTestFunctions,
	type IDataObject,
	type IHookFunctions,
	type INodeCredentialTestResult,
	type INodeType,
	type INodeTypeDescription,
	type IWebhookFunctions,
	type IWebhookResponseData,
} from 'n8n-workflow';

import { extraHopCredentials } from './common/descriptions/authentication';
import { getDetection } from './common/api';
import { simplifyDetection } from './common/detection';
import { enrichIfAsked } from './common/enrichment';
import { matchesFilter, type DetectionEvent, type UpdateMode } from './common/detectionEvents';
import { buildSearchFilter } from './common/searchFilter';
import { toList } from './common/validation';
import { getDetectionTypes } from './common/methods';
import { CREDENTIAL_TYPE } from './common/auth';
import { extraHopApiTest } from './common/credentialTest';
import { WEBHOOK_PATH, properties } from './webhook/description';
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
} from './webhook/memory';
import {
	BadPayload,
	extractDetectionId,
	payloadFormat,
	payloadView,
	readPayload,
	type RequestLike,
} from './webhook/payload';
import {
	applyRegistration,
	desiredRegistration,
	findByName,
	isRegistrationWanted,
	recordOf,
	registrationMatches,
	removeRegistration,
	type RegistrationRecord,
} from './webhook/registration';
import {
	SENDER_CREDENTIAL,
	basicCredentialProblem,
	checkBasicAuth,
	checkHeaderSecret,
	secretCredentialProblem,
	type AuthFailure,
	type SenderAuthentication,
} from './webhook/senderAuth';
import { registrationName, setupPage, triggerScript, webhookAddress } from './webhook/setup';

/** ExtraHop consoles can learn of a detection a moment after a sensor pushed it: one more look after this. */
const NOT_FOUND_RETRY_MS = 1500;

interface ResponseLike {
	status(code: number): ResponseLike;
	json(body: unknown): unknown;
	send(body: unknown): unknown;
	setHeader(name: string, value: string): unknown;
}

function answer(
	context: IWebhookFunctions,
	status: number,
	body: IDataObject,
	headers: Record<string, string> = {},
): IWebhookResponseData {
	const res = context.getResponseObject() as unknown as ResponseLike;
	for (const [name, value] of Object.entries(headers)) res.setHeader(name, value);
	res.status(status).json(body);
	return { noWebhookResponse: true };
}

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
		throw new NodeOperationError(
			context.getNode(),
			`The sender authentication credential cannot be used: ${problem}`,
			{
				description:
					'Open the credential selected under Sender Authentication and correct it. Until then every push is refused.',
			},
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

async function receiveDetection(context: IWebhookFunctions): Promise<IWebhookResponseData> {
	const senderAuthentication = context.getNodeParameter(
		'senderAuthentication',
		'headerSecret',
	) as SenderAuthentication;
	const refused = await checkSender(context, senderAuthentication);
	if (refused)
		return answer(
			context,
			refused.status,
			{ code: refused.code, message: refused.message },
			refused.headers,
		);

	let payload: IDataObject;
	let id: number;
	let source: ReturnType<typeof extractDetectionId>['source'];
	try {
		payload = await readPayload(context.getRequestObject() as unknown as RequestLike);
		({ id, source } = extractDetectionId(payload));
	} catch (error) {
		if (error instanceof BadPayload)
			return answer(context, 400, { code: error.code, message: error.message });
		throw nodeError(context, error);
	}

	const authentication = context.getNodeParameter('authentication', 'apiKey') as string;
	const events = context.getNodeParameter('events', []) as DetectionEvent[];
	if (events.length === 0) {
		throw new NodeOperationError(context.getNode(), 'No event selected', {
			description: 'Choose "Detection Created", "Detection Updated" or both under Events.',
		});
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
			throw new NodeOperationError(context.getNode(), 'No ExtraHop API credential selected', {
				description:
					'Select a credential under "ExtraHop API", or choose "None (Use the Payload as Received)" to emit the payload without reading the detection.',
			});
		}
		detection = await fetchDetection(context, id);
		filter = buildSearchFilter(context.getNodeParameter('filters', {}) as IDataObject);
	}

	// Accepted and ignored pushes are answered by n8n, not here: n8n saves the workflow's static data
	// (this node's memory) before it sends a `webhookResponse`, but after the node answered itself
	// (LiveWebhooks.executeWebhook's callback in n8n 2.8: saveStaticData, then the response). ExtraHop
	// re-sending a version it got a 200 for is then always recognised, even by a restarted process.
	const ignore = (reason: keyof typeof IGNORED): IWebhookResponseData => {
		const message = `Detection ${id} received and ignored: ${IGNORED[reason]}`;
		if (context.getMode() === 'manual') {
			// "Listen for test event": show why instead of listening on. n8n answers the push with 500 and
			// records a failed test execution carrying this error; nothing downstream runs.
			throw new NodeOperationError(context.getNode(), message, {
				description:
					'In production ExtraHop gets 200 and no workflow starts for this push. To test with it, widen the Filters or the Events of this node.',
			});
		}
		return { webhookResponse: { message, ignored: reason } };
	};

	if (!matchesFilter(detection, filter)) return ignore('filtered');

	const version = versionOf(detection);
	let decision: Decision;
	if (context.getMode() === 'manual') {
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

	let json: IDataObject;
	if (authentication === 'none') {
		json = {
			...payload,
			id,
			event: decision.event,
			payload_format: payloadFormat(payload, source),
		};
	} else {
		const full = await enrichIfAsked(context, { ...detection, event: decision.event }, options);
		json = options.simplify === true ? { ...simplifyDetection(full), event: decision.event } : full;
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

async function answerSetup(context: IWebhookFunctions): Promise<IWebhookResponseData> {
	const options = context.getNodeParameter('options', {}) as IDataObject;
	if (options.setupPage === false) {
		return answer(context, 404, {
			message:
				'The setup page of this ExtraHop Webhook Trigger is turned off (option "Serve Setup Page")',
		});
	}
	const senderAuthentication = context.getNodeParameter(
		'senderAuthentication',
		'headerSecret',
	) as SenderAuthentication;
	let headerName: string | undefined;
	if (senderAuthentication === 'headerSecret') {
		headerName = String(
			(await context.getCredentials(SENDER_CREDENTIAL.headerSecret)).headerName ?? '',
		).trim();
	}
	const url = context.getNodeWebhookUrl('default');
	if (!url)
		throw new NodeOperationError(context.getNode(), "n8n did not provide this node's webhook URL");
	const address = webhookAddress(url, String(options.n8nAddress ?? ''));
	const node = context.getNode();
	const name = registrationName(
		String(options.registrationName ?? ''),
		node.webhookId,
		context.getWorkflow().id,
	);
	const page = setupPage({
		name,
		address,
		senderAuthentication,
		headerName,
		skipCertVerification: options.skipCertVerification === true,
		script: triggerScript({
			targetName: name,
			path: address.path,
			senderAuthentication,
			headerName,
		}),
		workflowName: context.getWorkflow().name ?? '',
		nodeName: node.name,
	});
	const res = context.getResponseObject() as unknown as ResponseLike;
	res.setHeader('Content-Type', 'text/plain; charset=utf-8');
	res.setHeader('Cache-Control', 'no-store');
	res.status(200).send(page);
	return { noWebhookResponse: true };
}

function registrationRecord(context: IHookFunctions): RegistrationRecord | undefined {
	const record = context.getWorkflowStaticData('node').registration as
		RegistrationRecord | undefined;
	return record && typeof record.name === 'string' ? record : undefined;
}

export class ExtraHopWebhookTrigger implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'ExtraHop Push Trigger',
		name: 'extraHopWebhookTrigger',
		icon: { light: 'file:extrahop.svg', dark: 'file:extrahop.dark.svg' },
		group: ['trigger'],
		version: 1,
		subtitle: '={{"Pushed detections: " + $parameter["events"].join(", ")}}',
		description:
			'Push, within seconds: starts the workflow when ExtraHop sends a created or updated detection to this webhook',
		defaults: { name: 'ExtraHop Webhook Trigger' },
		inputs: [],
		outputs: [NodeConnectionTypes.Main],
		credentials: [
			...extraHopCredentials(false),
			{
				name: 'extraHopWebhookSecretApi',
				required: true,
				displayOptions: { show: { senderAuthentication: ['headerSecret'] } },
				testedBy: 'extraHopWebhookSecretTest',
			},
			{
				name: 'extraHopWebhookBasicAuthApi',
				required: true,
				displayOptions: { show: { senderAuthentication: ['basicAuth'] } },
				testedBy: 'extraHopWebhookBasicAuthTest',
			},
		],
		webhooks: [
			{
				name: 'default',
				httpMethod: 'POST',
				responseMode: 'onReceived',
				// Empty, so that n8n answers with the node's `webhookResponse` (its default would be the
				// text "firstEntryJson": executeWebhook evaluates responseData with that default).
				responseData: '',
				path: WEBHOOK_PATH,
			},
			{
				name: 'setup',
				httpMethod: 'GET',
				responseMode: 'onReceived',
				path: WEBHOOK_PATH,
			},
		],
		properties,
	};

	methods = {
		loadOptions: { getDetectionTypes },
		credentialTest: {
			extraHopApiTest,
			async extraHopWebhookSecretTest(
				this: ICredentialTestFunctions,
				credential: ICredentialsDecrypted,
			): Promise<INodeCredentialTestResult> {
				const problem = secretCredentialProblem(credential.data ?? {}, true);
				return problem
					? { status: 'Error', message: problem }
					: { status: 'OK', message: 'The header name and secret can be used' };
			},
			async extraHopWebhookBasicAuthTest(
				this: ICredentialTestFunctions,
				credential: ICredentialsDecrypted,
			): Promise<INodeCredentialTestResult> {
				const problem = basicCredentialProblem(credential.data ?? {}, true);
				return problem
					? { status: 'Error', message: problem }
					: { status: 'OK', message: 'The user and password can be used' };
			},
		},
	};

	webhookMethods = {
		default: {
			/**
			 * Without automatic registration there is nothing remote to check. With it: whether
			 * ExtraHop has this node's ODS target and trigger as they should be (their ids are kept).
			 */
			async checkExists(this: IHookFunctions): Promise<boolean> {
				if (this.getMode() === 'manual' || !isRegistrationWanted(this)) return true;
				const desired = await desiredRegistration(this);
				const found = await findByName(this, desired.name, desired.secrets);
				const staticData = this.getWorkflowStaticData('node');
				if (found.target || found.triggers.length > 0)
					staticData.registration = recordOf(found, desired.name) as unknown as IDataObject;
				return registrationMatches(found, desired);
			},
			/** Creates or updates the ODS target (with the secret header) and the trigger. */
			async create(this: IHookFunctions): Promise<boolean> {
				if (this.getMode() === 'manual' || !isRegistrationWanted(this)) return true;
				if (this.getNodeParameter('authentication', 'apiKey') !== 'apiKey') {
					throw new NodeOperationError(
						this.getNode(),
						'Automatic registration needs a self-managed ExtraHop system (API key)',
					);
				}
				const desired = await desiredRegistration(this);
				const record = await applyRegistration(this, desired);
				this.getWorkflowStaticData('node').registration = record as unknown as IDataObject;
				return true;
			},
			/** Removes what this node registered (the trigger first, so nothing is sent to a removed target). */
			async delete(this: IHookFunctions): Promise<boolean> {
				if (this.getMode() === 'manual') return true;
				let record = registrationRecord(this);
				if (!record && isRegistrationWanted(this)) {
					const options = this.getNodeParameter('options', {}) as IDataObject;
					const name = registrationName(
						String(options.registrationName ?? ''),
						this.getNode().webhookId,
						this.getWorkflow().id,
					);
					record = recordOf(await findByName(this, name), name);
				}
				if (!record) return true;
				if (
					this.getNodeParameter('authentication', 'apiKey') !== 'apiKey' ||
					!this.getNode().credentials?.[CREDENTIAL_TYPE.apiKey]
				) {
					throw new NodeOperationError(
						this.getNode(),
						`Cannot remove the ExtraHop ODS target and trigger "${record.name}" without the API key credential`,
						{
							description:
								'Select the ExtraHop API key credential again and deactivate the workflow, or delete them on ExtraHop by hand.',
						},
					);
				}
				await removeRegistration(this, record);
				delete this.getWorkflowStaticData('node').registration;
				return true;
			},
		},
	};

	async webhook(this: IWebhookFunctions): Promise<IWebhookResponseData> {
		if (this.getWebhookName() === 'setup') return await answerSetup(this);
		return await receiveDetection(this);
	}
}
