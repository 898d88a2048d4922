import {
	NodeConnectionTypes,
	NodeOperationError,
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
import { getDetectionTypes } from './common/methods';
import { CREDENTIAL_TYPE } from './common/auth';
import { extraHopApiTest, extraHopRevealX360ApiTest } from './common/credentialTest';
import { properties, WEBHOOK_PATH } from './webhook/description';
import { receiveDetection } from './webhook/receive';
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
import { basicCredentialProblem, secretCredentialProblem } from './webhook/senderAuth';
import { answerSetup, registrationName } from './webhook/setup';

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
		// 1.1: works with a sender credential alone (each push emitted as received until an ExtraHop
		// API credential is chosen); readable output by default (READABLE_FROM_VERSION); the GET setup
		// page is off unless "Serve Setup Page" is on (webhook/setup.ts).
		version: [1, 1.1],
		subtitle: '={{"Pushed detections: " + $parameter["events"].join(", ")}}',
		description:
			'Push, within seconds: starts the workflow when ExtraHop sends a created or updated detection to this webhook',
		defaults: { name: 'ExtraHop Push Trigger' },
		inputs: [],
		outputs: [NodeConnectionTypes.Main],
		credentials: [
			// Required once chosen under "ExtraHop API": n8n then selects an existing one and flags a
			// missing one, instead of the first push failing.
			...extraHopCredentials(true),
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
			extraHopRevealX360ApiTest,
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
