/**
 * Lambda-side code validates with zod/mini: functions instead of methods, so a bundle carries
 * only the validators it uses (deliver's is about 70 KB smaller than with classic zod). Mini
 * loads no messages by itself; importing this module (for its effect) gives it zod's English
 * ones. Every module that validates with zod/mini imports it.
 */
import { config } from 'zod/mini';
import en from 'zod/v4/locales/en.js';

config(en());
