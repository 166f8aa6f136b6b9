// Tells the person why they are back on the sign-in page.
const notice = document.getElementById('notice');
const query = new URLSearchParams(location.search);
if (query.has('locked')) {
  const minutes = Number.parseInt(query.get('locked'), 10);
  notice.textContent = 'Sign-in is locked after too many failed attempts for this email address'
    + ' or from this network. Try again in '
    + (Number.isFinite(minutes) && minutes > 0 ? `${minutes} minute${minutes === 1 ? '' : 's'}`
      : 'a few minutes') + '.';
  notice.className = 'notice error';
  notice.hidden = false;
} else if (query.has('failed')) {
  notice.textContent = 'That email address and password do not match. Try again.';
  notice.className = 'notice error';
  notice.hidden = false;
} else if (query.has('signed-out')) {
  notice.textContent = 'You are signed out.';
  notice.hidden = false;
}
