// Name: Stubborn
// Description: ignores SIGTERM, so ending it needs the force signal
process.on('SIGTERM', () => {
  console.log('got SIGTERM — ignoring it');
});
console.log(`stubborn running (pid ${process.pid}); SIGTERM will not stop me`);
console.log(JSON.stringify({ ready: true, pid: process.pid }));
setInterval(() => {}, 60_000);
