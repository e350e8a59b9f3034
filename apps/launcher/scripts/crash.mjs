// Name: Crash
// Description: fails with exit code 3 after a moment
console.log('about to crash…');
setTimeout(() => {
  console.error('crash: something went wrong (exiting with code 3)');
  process.exit(3);
}, 300);
