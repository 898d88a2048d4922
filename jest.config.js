/** @type {import('jest').Config} */
module.exports = {
	testEnvironment: 'node',
	roots: ['<rootDir>/test'],
	testMatch: ['**/*.test.ts'],
	transform: {
		'^.+\\.ts$': ['ts-jest', { isolatedModules: true, tsconfig: 'tsconfig.json' }],
	},
	setupFiles: ['<rootDir>/test/harness/jest-setup.ts'],
	testTimeout: 60000,
	// The engine tests start HTTP servers; two workers fit a 2-core machine.
	maxWorkers: 2,
};
