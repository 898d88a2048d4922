/**
 * The package's node and credential classes, found through the `n8n` section of package.json
 * (the list n8n itself loads), mapped from `dist/...js` back to the TypeScript sources. A node
 * missing from the manifest is therefore missing in the tests too.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { ICredentialType, INodeType, IVersionedNodeType } from 'n8n-workflow';

import packageJson from '../../package.json';

export const PACKAGE_NAME = packageJson.name;
const ROOT = join(__dirname, '..', '..');

function loadFromManifest<T>(distPath: string): T {
	const stem = join(ROOT, distPath.replace(/^dist\//, '').replace(/\.js$/, ''));
	// Explicit extension: `Foo.node` would otherwise resolve to the codex file `Foo.node.json`.
	const source = existsSync(`${stem}.ts`) ? `${stem}.ts` : `${stem}.js`;
	// Like n8n's loader: the class is named after the file (`Foo.node.js` exports `Foo`).
	const className = distPath.split('/').pop()!.split('.')[0];
	const exported = require(source) as Record<string, new () => T>;
	if (typeof exported[className] !== 'function')
		throw new Error(`${distPath} must export a class ${className}`);
	return new exported[className]();
}

export function packageNodeTypes(): Record<string, INodeType | IVersionedNodeType> {
	const types: Record<string, INodeType | IVersionedNodeType> = {};
	for (const path of packageJson.n8n.nodes as string[]) {
		const type = loadFromManifest<INodeType>(path);
		types[`${PACKAGE_NAME}.${type.description.name}`] = type;
	}
	return types;
}

export function packageCredentialTypes(): Record<string, ICredentialType> {
	const types: Record<string, ICredentialType> = {};
	for (const path of packageJson.n8n.credentials as string[]) {
		const type = loadFromManifest<ICredentialType>(path);
		types[type.name] = type;
	}
	return types;
}
