/** @type {import('jest').Config} */
module.exports = {
	testEnvironment: 'node',
	roots: ['<rootDir>/test'],
	testMatch: ['**/*.test.ts'],
	transform: {
		'^.+\\.ts$': ['ts-jest', { tsconfig: 'tsconfig.json' }],
	},
	setupFiles: ['<rootDir>/test/harness/jest-setup.ts'],
	// Fails any test after which an ExtraHop simulator holds a contract violation.
	setupFilesAfterEnv: ['<rootDir>/test/harness/contract-check.ts'],
	testTimeout: 60000,
	// The engine tests start HTTP servers; two workers fit a 2-core machine.
	maxWorkers: 2,
	// A failing test can leave a simulator listening; never let that hang CI.
	forceExit: true,
};
