import { createApp } from 'vue';
import '../../src/index.js'; // in an app: import 'layerw';
import App from './App.vue';

createApp(App).mount('#app');
