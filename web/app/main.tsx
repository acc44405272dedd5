// The officers' and administrators' app (/app): see ./app.tsx.
import { render } from 'preact';
import { App } from './app.tsx';

render(<App />, document.getElementById('app')!);
