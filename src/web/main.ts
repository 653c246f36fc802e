/**
 * Entry of the dashboard bundle (dist/web/app.js, served at /app.js with the
 * page at /): the routes and the login view.
 * @module
 */
import { startDashboard } from './app.ts';
import { accountView } from './views/account.ts';
import { auditView } from './views/audit.ts';
import { listView, newSecretView } from './views/list.ts';
import { loginView } from './views/login.ts';
import { machinesView } from './views/machines.ts';
import { secretView } from './views/secret.ts';

void startDashboard(
  { '': listView, new: newSecretView, secret: secretView, machines: machinesView, audit: auditView, account: accountView },
  loginView,
);
