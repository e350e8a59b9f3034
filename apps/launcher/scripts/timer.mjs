// Name: Timer
// Description: ticks once a second until it is stopped
let ticks = 0;
console.log(`timer started (pid ${process.pid})`);
const interval = setInterval(() => {
  ticks += 1;
  console.log(`tick ${ticks}`);
}, 1000);
process.on('SIGTERM', () => {
  clearInterval(interval);
  console.log(`stopped after ${ticks} ticks`);
  process.exit(0);
});
