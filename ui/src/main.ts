import './lib/startup';
import { mount } from 'svelte';
import './app.css';
import App from './App.svelte';
import { theme } from './lib/theme.svelte';

// Colours before the first paint: the last run's theme, until the settings arrive.
theme.startFromHint();

const target = document.getElementById('app');
if (!target) throw new Error('index.html has no #app element');
export default mount(App, { target });
