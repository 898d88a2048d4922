// Copies icons and codex files (*.node.json) next to the compiled JavaScript, where n8n looks for them.
const { src, dest, task } = require('gulp');

task('build:assets', () =>
	src(['nodes/**/*.svg', 'nodes/**/*.png', 'nodes/**/*.node.json', 'credentials/**/*.svg', 'credentials/**/*.png'], {
		base: '.',
		encoding: false,
	}).pipe(dest('dist')),
);
