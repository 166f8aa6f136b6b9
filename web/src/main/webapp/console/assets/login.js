// Tells the person why they are back on the sign-in page.
const notice = document.getElementById('notice');
const query = new URLSearchParams(location.search);
if (query.has('failed')) {
  notice.textContent = 'That email address and password do not match. Try again.';
  notice.className = 'notice error';
  notice.hidden = false;
} else if (query.has('signed-out')) {
  notice.textContent = 'You are signed out.';
  notice.hidden = false;
}
