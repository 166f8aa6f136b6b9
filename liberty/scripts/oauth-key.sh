#!/usr/bin/env bash
# Makes the RSA key pair that signs Chroom's OAuth 2.0 access tokens (RS256), once:
#   oauth-key.sh KEYSTORE PASSWORD
# Every server of one deployment must sign with the same key, so an operator makes it once and
# hands the same keystore (CHROOM_OAUTH_KEYSTORE_PATH) to all of them.
set -euo pipefail
keystore="$1"
password="$2"
if [[ -f "$keystore" ]]; then
  exit 0
fi
mkdir -p "$(dirname "$keystore")"
keytool -genkeypair -alias oauth -keyalg RSA -keysize 3072 -sigalg SHA256withRSA \
  -validity 825 -dname "CN=Chroom access tokens" \
  -storetype PKCS12 -keystore "$keystore" -storepass "$password" >/dev/null 2>&1
chmod 600 "$keystore"
