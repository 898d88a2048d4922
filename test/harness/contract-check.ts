/**
 * The contract-drift check: after every test, any request an ExtraHop simulator refused because
 * it breaks ExtraHop's published contract (unknown path 404, wrong method 405, a field the spec
 * does not allow 400, see tools/simulators/extrahop/contract/README.md) fails the test. A test that
 * sends such a request on purpose takes it with `sim.takeViolations()`.
 */
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { ALL_SIMULATORS } = require('../../tools/simulators/extrahop') as {
	ALL_SIMULATORS: Set<{ takeViolations: () => Array<Record<string, unknown>> }>;
};

afterEach(() => {
	const violations = [...ALL_SIMULATORS].flatMap((sim) => sim.takeViolations());
	if (violations.length > 0) {
		const lines = violations.map(
			(v) => `${String(v.method)} ${String(v.path)} -> ${String(v.status)}: ${String(v.message)}`,
		);
		throw new Error(
			`ExtraHop contract violations (requests the vendor's API would refuse):\n${lines.join('\n')}`,
		);
	}
});
