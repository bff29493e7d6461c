// Progress of a spreadsheet import being checked or applied in the background. Every 2 seconds it
// asks the progress URL for the state and the rows done, updates the text (read out politely by
// screen readers through its aria-live region) and the <progress> bar, and reloads the page once the
// state changes, so the outcome is shown. Without JavaScript the page's "Refresh" link does the same.

const container = document.getElementById('import-progress')
const POLL_MS = 2000

function poll () {
  const text = document.getElementById('import-progress-text')
  fetch(container.dataset.progressUrl, { headers: { Accept: 'application/json' }, credentials: 'same-origin' })
    .then((response) => (response.ok ? response.json() : Promise.reject(response.status)))
    .then((progress) => {
      if (progress.state !== container.dataset.state) {
        window.location.reload()
        return
      }
      if (text && progress.text && text.textContent !== progress.text) {
        text.textContent = progress.text
      }
      const bar = document.getElementById('import-progress-bar')
      if (bar && progress.total_rows) {
        bar.max = progress.total_rows
        bar.value = progress.rows_done
      }
      window.setTimeout(poll, POLL_MS)
    })
    .catch(() => {
      // Signed out or offline: stop quietly; the Refresh link still works.
    })
}

if (container && container.dataset.progressUrl) {
  window.setTimeout(poll, POLL_MS)
}
