import { mount } from 'svelte';
import '../../src/index.js'; // in an app: import 'layerw';
import App from './App.svelte';

mount(App, { target: document.getElementById('app')! });
