import { useToast } from 'primevue/usetoast'
import { createRouter, createWebHashHistory, type Router } from 'vue-router'

/** Hash history: the same routes work from file:// in Electron and from the headless shell. */
export function createAppRouter(): Router {
  const router = createRouter({
    history: createWebHashHistory(),
    routes: [
      { path: '/', name: 'dashboard', component: () => import('../views/DashboardView.vue') },
      { path: '/settings', name: 'settings', component: () => import('../views/SettingsView.vue') },
      {
        path: '/apps/:appId(\\d+)',
        component: () => import('../views/AppView.vue'),
        props: (route) => ({ appId: Number(route.params.appId) }),
        children: [
          { path: '', name: 'app', component: () => import('../views/AppHomeView.vue') },
          {
            path: 'records/:type',
            name: 'records',
            component: () => import('../views/EntityListView.vue'),
            props: true
          },
          {
            path: 'records/:type/import',
            name: 'records-import',
            component: () => import('../views/ImportView.vue'),
            props: true
          },
          {
            path: 'records/:type/:id(\\d+)',
            name: 'record',
            component: () => import('../views/EntityEditView.vue'),
            props: (route) => ({ type: route.params.type, id: Number(route.params.id) })
          },
          {
            path: 'webhooks',
            name: 'webhooks',
            component: () => import('../views/WebhookManagerView.vue')
          },
          {
            path: 'webhooks/:webhookId(\\d+)',
            name: 'webhook',
            component: () => import('../views/WebhookDetailView.vue'),
            props: (route) => ({ webhookId: Number(route.params.webhookId) })
          },
          { path: 'logs', name: 'logs', component: () => import('../views/LogViewerView.vue') },
          {
            path: 'alerts',
            name: 'alerts',
            component: () => import('../views/AlertSettingsView.vue')
          }
        ]
      },
      { path: '/:pathMatch(.*)*', redirect: '/' }
    ]
  })
  clearToastsOnNavigation(router)
  return router
}

/**
 * A toast is about the page it appeared on: "Product saved" or "Failed: ..." must not follow the
 * operator to another screen. Query-only changes (log filters) stay on the same page and keep
 * them. Actions that navigate on success report after navigating (see useFeedback().report).
 */
export function clearToastsOnNavigation(router: Router): void {
  router.afterEach((to, from, failure) => {
    if (failure || to.path === from.path) return
    // Guards run inside the app's injection context, so the toast service is reachable here.
    try {
      useToast().removeAllGroups()
    } catch {
      // No toast service installed (a test mounting part of the app): nothing to clear.
    }
  })
}
