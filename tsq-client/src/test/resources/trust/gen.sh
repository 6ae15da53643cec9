#!/bin/sh
# Regenerates the trust fixtures of TrustTest with OpenSSL (run here with OpenSSL 3.0.19). Independent of the
# code under test: the expected pins in pins.txt are computed by openssl below, never by TrustManagers.
#   root.pem          self-signed CA "TSQ Test Root", 2024-01-01 .. 2099-12-31
#   inter.pem         CA "TSQ Test Intermediate", signed by root, same validity
#   leaf.pem/.key     localhost, 127.0.0.1, ::1, signed by the intermediate, same validity
#   leaf-chain.pem    leaf.pem followed by inter.pem (what a server sends)
#   expired.pem/.key  localhost, 127.0.0.1, ::1, signed by the intermediate, 2000-01-01 .. 2001-01-01
#   future.pem/.key   localhost, 127.0.0.1, ::1, signed by the intermediate, 2098-01-01 .. 2099-12-31
#   pins.txt          NAME CERT_SHA256_HEX SPKI_SHA256_BASE64 for leaf, expired and future
set -eu
cd "$(dirname "$0")"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
key() { openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -out "$1"; }
key root.key; key inter.key; key leaf.key; key expired.key; key future.key
cat > "$work/ca.cnf" <<'CNF'
[ ca ]
default_ca = tsq
[ tsq ]
database = DB
new_certs_dir = DIR
serial = SERIAL
default_md = sha256
policy = any
copy_extensions = none
unique_subject = no
[ any ]
commonName = supplied
[ v3_ca ]
basicConstraints = critical, CA:true
keyUsage = critical, keyCertSign, cRLSign
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid
[ v3_leaf ]
basicConstraints = critical, CA:false
keyUsage = critical, digitalSignature
extendedKeyUsage = serverAuth
subjectAltName = DNS:localhost, IP:127.0.0.1, IP:::1
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid
CNF
sed -i "s#DB#$work/index#; s#DIR#$work#; s#SERIAL#$work/serial#" "$work/ca.cnf"
: > "$work/index"; echo 1000 > "$work/serial"
sign() { # issuer-cert issuer-key csr out ext start end
  openssl ca -batch -config "$work/ca.cnf" -notext -cert "$1" -keyfile "$2" -in "$3" -out "$4" -extensions "$5" \
    -startdate "$6" -enddate "$7"
}
csr() { openssl req -new -key "$1" -subj "/CN=$2" -out "$3"; }
csr root.key "TSQ Test Root" "$work/root.csr"
openssl ca -batch -config "$work/ca.cnf" -notext -selfsign -keyfile root.key -in "$work/root.csr" -out root.pem \
  -extensions v3_ca -startdate 20240101000000Z -enddate 20991231235959Z
csr inter.key "TSQ Test Intermediate" "$work/inter.csr"
sign root.pem root.key "$work/inter.csr" inter.pem v3_ca 20240101000000Z 20991231235959Z
csr leaf.key localhost "$work/leaf.csr"
sign inter.pem inter.key "$work/leaf.csr" leaf.pem v3_leaf 20240101000000Z 20991231235959Z
csr expired.key localhost "$work/expired.csr"
sign inter.pem inter.key "$work/expired.csr" expired.pem v3_leaf 20000101000000Z 20010101000000Z
csr future.key localhost "$work/future.csr"
sign inter.pem inter.key "$work/future.csr" future.pem v3_leaf 20980101000000Z 20991231235959Z
cat leaf.pem inter.pem > leaf-chain.pem
rm -f root.key inter.key   # the CAs sign nothing more; only the servers' keys are needed by the tests
: > pins.txt
for n in leaf expired future; do
  cert=$(openssl x509 -in $n.pem -outform DER | openssl dgst -sha256 -r | cut -d' ' -f1)
  spki=$(openssl x509 -in $n.pem -pubkey -noout | openssl pkey -pubin -outform DER | openssl dgst -sha256 -binary | base64)
  echo "$n $cert $spki" >> pins.txt
done
