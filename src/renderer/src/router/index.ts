import { createRouter, createWebHashHistory, type Router } from 'vue-router'

/** Hash history: the same routes work from file:// in Electron and from the headless shell. */
export function createAppRouter(): Router {
  return createRouter({
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
          { path: 'logs', name: 'logs', component: () => import('../views/LogViewerView.vue') }
        ]
      },
      { path: '/:pathMatch(.*)*', redirect: '/' }
    ]
  })
}
