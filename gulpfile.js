// Copies icons and codex files (*.node.json) next to the compiled JavaScript, where n8n looks for them.
// Kept although @n8n/node-cli is a devDependency: `n8n-node build` copies icons but not the codex
// files, and compiles with tsconfig.json (which here includes the tests) instead of tsconfig.build.json.
const { src, dest, task } = require('gulp');

task('build:assets', () =>
	src(
		[
			'nodes/**/*.svg',
			'nodes/**/*.png',
			'nodes/**/*.node.json',
			'credentials/**/*.svg',
			'credentials/**/*.png',
		],
		{
			base: '.',
			encoding: false,
		},
	).pipe(dest('dist')),
);
