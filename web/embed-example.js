/* A host page's own script using careerbot's API (web/embed-example.html). It runs before
 * widget.js has loaded: the stub keeps the calls, and the widget runs them once it is up. */
window.careerbot = window.careerbot || function () { (window.careerbot.q = window.careerbot.q || []).push(arguments); };

function logEvent(text) {
  var list = document.getElementById('demo-events');
  if (!list) return;
  var li = document.createElement('li');
  li.textContent = text;
  list.appendChild(li);
  while (list.children.length > 6) list.removeChild(list.firstChild);
}

window.careerbot('on', 'ready', function () { logEvent('ready'); });
window.careerbot('on', 'open', function () { logEvent('opened'); });
window.careerbot('on', 'close', function () { logEvent('closed'); });
window.careerbot('on', 'message', function (m) { logEvent(m.from + ': ' + m.text.slice(0, 60)); });

document.addEventListener('DOMContentLoaded', function () {
  document.getElementById('demo-open').addEventListener('click', function () { window.careerbot('open'); });
  document.getElementById('demo-close').addEventListener('click', function () { window.careerbot('close'); });
  document.getElementById('demo-ask').addEventListener('click', function () {
    window.careerbot('open');
    window.careerbot('send', 'what does a registered nurse do?');
  });
});
