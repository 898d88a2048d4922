// Copies node and credential icons next to the compiled JavaScript, where n8n looks for them.
const { src, dest, task } = require('gulp');

task('build:icons', () =>
	src(['nodes/**/*.svg', 'nodes/**/*.png', 'credentials/**/*.svg', 'credentials/**/*.png'], {
		base: '.',
		encoding: false,
	}).pipe(dest('dist')),
);
