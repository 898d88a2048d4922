import type { Resource } from './operation';

/**
 * A node subtitle that reads like the operation's action ("Update a detection") instead of raw
 * parameter values ("update: detection"), built from the `action` texts of every resource's
 * Operation options, so resources added later are covered without touching this.
 */
export function actionSubtitle(resources: Resource[]): string {
	const actions: Record<string, string> = {};
	for (const property of resources.flatMap((resource) => resource.description)) {
		if (property.name !== 'operation' || property.type !== 'options') continue;
		const shownFor = (property.displayOptions?.show?.resource ?? []) as string[];
		for (const option of property.options ?? []) {
			if (!('value' in option) || typeof option.value !== 'string') continue;
			const text =
				'action' in option && typeof option.action === 'string' ? option.action : option.name;
			for (const resource of shownFor)
				actions[`${resource}:${option.value}`] = text.replace(/[{}"\\]/g, '');
		}
	}
	// A plain object literal inside the expression; no "}}" can occur in it (no nesting, braces stripped).
	return `={{ (${JSON.stringify(actions)})[$parameter["resource"] + ":" + $parameter["operation"]] ?? $parameter["operation"] }}`;
}
