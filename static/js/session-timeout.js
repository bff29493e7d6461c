// The timeout warning, after the GOV.UK pattern: a modal <dialog> that opens a little before the
// server signs an idle person out (agencies.middleware.SessionLimitsMiddleware), says how long is
// left, and offers "Stay signed in" (a POST to the keep-alive URL) or "Sign out".
// Markup and timings come from templates/includes/session_timeout.html. A file rather than an
// inline script, so the Content Security Policy needs no exception for it.

const container = document.getElementById('app-session-timeout')
const dialog = container && container.querySelector('dialog')

// The server decides: navigating there once the time is up shows why they were signed out.
// A little after the deadline, so the server's clock has certainly passed it too.
const SERVER_MARGIN_MS = 2000

function plural (count, unit) {
  return `${count} ${unit}${count === 1 ? '' : 's'}`
}

// "2 minutes", "1 minute", then "59 seconds" ... "1 second".
function timeLeftText (seconds) {
  return seconds >= 60 ? plural(Math.ceil(seconds / 60), 'minute') : plural(seconds, 'second')
}

function setUp () {
  const idleMs = Number(container.dataset.idleTimeout) * 1000
  const warningMs = Number(container.dataset.warning) * 1000
  const keepAliveUrl = container.dataset.keepAliveUrl
  const timedOutUrl = container.dataset.timedOutUrl
  const heading = dialog.querySelector('h2')
  const countdown = dialog.querySelector('[data-timeout-countdown]')
  const announcer = dialog.querySelector('[data-timeout-announcer]')
  const stayButton = dialog.querySelector('[data-timeout-stay]')
  const csrfInput = dialog.querySelector('input[name="csrfmiddlewaretoken"]')

  let deadline = 0
  let warningTimer = null
  let tickTimer = null
  let lastAnnounced = ''
  let returnFocusTo = null

  function startClock () {
    deadline = Date.now() + idleMs
    window.clearTimeout(warningTimer)
    warningTimer = window.setTimeout(openWarning, Math.max(0, idleMs - warningMs))
  }

  function signedOut () {
    window.clearInterval(tickTimer)
    window.location.assign(timedOutUrl)
  }

  function tick () {
    const leftMs = deadline - Date.now()
    if (leftMs <= -SERVER_MARGIN_MS) {
      signedOut()
      return
    }
    const seconds = Math.max(0, Math.ceil(leftMs / 1000))
    const text = timeLeftText(seconds)
    countdown.textContent = text
    // Screen readers hear the time left when the warning opens, then at each minute and every
    // 15 seconds of the last minute, rather than every second.
    const opening = lastAnnounced === ''
    const milestone = seconds >= 60 || seconds % 15 === 0
    if (seconds > 0 && text !== lastAnnounced && (opening || milestone)) {
      announcer.textContent = `You will be signed out in ${text}.`
      lastAnnounced = text
    }
  }

  function openWarning () {
    if (dialog.open) return
    returnFocusTo = document.activeElement
    lastAnnounced = ''
    stayButton.disabled = false
    dialog.showModal()
    heading.focus()
    tick()
    tickTimer = window.setInterval(tick, 1000)
  }

  function closeWarning () {
    window.clearInterval(tickTimer)
    announcer.textContent = ''
    if (dialog.open) dialog.close()
    if (returnFocusTo && typeof returnFocusTo.focus === 'function') returnFocusTo.focus()
    returnFocusTo = null
  }

  function staySignedIn () {
    if (stayButton.disabled) return
    stayButton.disabled = true
    window.fetch(keepAliveUrl, {
      method: 'POST',
      credentials: 'same-origin',
      headers: { 'X-CSRFToken': csrfInput ? csrfInput.value : '' },
      // Not followed: a redirect means the session has already ended.
      redirect: 'manual'
    }).then(function (response) {
      if (response.status === 204) {
        closeWarning()
        startClock()
      } else {
        signedOut()
      }
    }).catch(function () {
      // The service could not be reached: keep the warning open so they can try again.
      stayButton.disabled = false
    })
  }

  stayButton.addEventListener('click', staySignedIn)
  // Escape must not just hide the warning while the clock runs on: it means "Stay signed in".
  dialog.addEventListener('cancel', function (event) {
    event.preventDefault()
    staySignedIn()
  })

  startClock()
}

if (dialog && typeof dialog.showModal === 'function') {
  setUp()
}
