// A child for the launcher tests: answers each message through its parent channel, prints
// its arguments on stdout, and leaves when told.
const port = process.parentPort;
const send = (message) => (port ? port.postMessage(message) : process.send(message));
const onMessage = (listener) => (port ? port.on('message', (event) => listener(event.data)) : process.on('message', listener));
process.stdout.write(`args ${JSON.stringify(process.argv.slice(2))} env ${process.env.TP_ECHO_ENV ?? ''}\n`);
process.stderr.write('to stderr\n');
if (process.env.TP_ECHO_HEAP) {
  const { getHeapSpaceStatistics } = await import('node:v8');
  const young = getHeapSpaceStatistics().find((space) => space.space_name === 'new_space');
  process.stdout.write(`execArgv ${JSON.stringify(process.execArgv)} new space ${young?.space_size ?? -1}\n`);
}
onMessage((message) => {
  if (message.type === 'leave') process.exit(message.code);
  send({ echo: message });
});
send({ type: 'ready' });
