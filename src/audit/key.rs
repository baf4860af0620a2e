//! The per-install key for hashing customer ids: 32 random bytes in a file
//! of mode 0600, created on first use. A keyed hash (HMAC-SHA256), unlike a
//! plain one, cannot be reversed by hashing every plausible customer id.

use std::fs::{self, File, OpenOptions};
use std::io::{ErrorKind, Read, Write};
use std::path::Path;

use hmac::{Hmac, KeyInit, Mac};
use sha2::Sha256;

#[cfg(test)]
use super::chain::hex;
use crate::error::{Code, Fail};
use crate::ledger::Subject;

/// Hex digits of the HMAC kept per subject (64 bits).
pub(crate) const SUBJECT_DIGITS: usize = 16;

const LEN: usize = 32;

/// The HMAC key, kept as the keyed hash state ready to take a message:
/// cloning it per customer saves hashing the key's pads every time.
#[derive(Clone)]
pub struct Key(Option<Hmac<Sha256>>);

/// The key from its bytes. HMAC takes a key of any length, so this cannot
/// fail; `None` would only ever give empty hashes.
fn keyed(bytes: [u8; LEN]) -> Key {
    Key(<Hmac<Sha256> as KeyInit>::new_from_slice(&bytes).ok())
}

impl Key {
    /// Reads the key at `path`, creating it (and its directory) first if
    /// there is none. Concurrent first runs agree on one key.
    pub fn load_or_create(path: &Path) -> anyhow::Result<Key> {
        let fail = |why: String| {
            Fail::new(
                Code::Audit,
                format!("audit key `{}`: {why}", path.display()),
            )
        };
        match File::open(path) {
            Ok(file) => read(file).map_err(fail),
            Err(e) if e.kind() == ErrorKind::NotFound => create(path).map_err(fail),
            Err(e) => Err(fail(e.to_string())),
        }
    }

    /// A key from bytes (tests, benchmarks).
    pub fn from_bytes(bytes: [u8; LEN]) -> Key {
        keyed(bytes)
    }

    /// The keyed hash of a customer id, as stored in `subjects`: its first
    /// [`SUBJECT_DIGITS`] hex digits, kept as a number until written.
    pub fn subject(&self, id: &str) -> Subject {
        let mac = self.mac(id.as_bytes());
        let mut first = [0u8; SUBJECT_DIGITS / 2];
        let n = mac.len().min(first.len());
        first[..n].copy_from_slice(&mac[..n]);
        Subject(u64::from_be_bytes(first))
    }

    fn mac(&self, bytes: &[u8]) -> Vec<u8> {
        let Some(mut mac) = self.0.clone() else {
            return Vec::new();
        };
        mac.update(bytes);
        mac.finalize().into_bytes().to_vec()
    }
}

fn read(mut file: File) -> Result<Key, String> {
    check_private(&file)?;
    let mut bytes = Vec::with_capacity(LEN);
    Read::by_ref(&mut file)
        .take(LEN as u64 + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| e.to_string())?;
    let bytes: [u8; LEN] = bytes
        .try_into()
        .map_err(|_| format!("not a key: expected {LEN} bytes"))?;
    Ok(keyed(bytes))
}

/// Writes a new key to a private temporary file, then links it into place:
/// a link never replaces an existing file, so of two racing first runs one
/// key wins and the other run reads it.
fn create(path: &Path) -> Result<Key, String> {
    if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
        super::append::create_dir(dir)?;
    }
    let mut bytes = [0u8; LEN];
    getrandom::fill(&mut bytes).map_err(|e| format!("no randomness: {e}"))?;
    let tmp = path.with_extension(format!("tmp{}", std::process::id()));
    let written = write_private(&tmp, &bytes).and_then(|()| match fs::hard_link(&tmp, path) {
        Err(e) if e.kind() == ErrorKind::AlreadyExists => Ok(false),
        other => other.map(|()| true),
    });
    let _ = fs::remove_file(&tmp);
    match written.map_err(|e| e.to_string())? {
        true => Ok(keyed(bytes)),
        false => read(File::open(path).map_err(|e| e.to_string())?),
    }
}

fn write_private(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let mut options = OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    let mut file = options.open(path)?;
    file.write_all(bytes)?;
    file.sync_all()
}

/// A key others can read is no secret: refuse it, as ssh does.
fn check_private(file: &File) -> Result<(), String> {
    let meta = file.metadata().map_err(|e| e.to_string())?;
    if !meta.is_file() {
        return Err("not a regular file".into());
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = meta.permissions().mode() & 0o777;
        if mode & 0o077 != 0 {
            return Err(format!(
                "readable by others (mode {mode:o}); make it private with `chmod 600`"
            ));
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn subjects_are_hmac_sha256_truncated() {
        // RFC 4231 test case 2: key "Jefe", data "what do ya want for nothing?".
        let mut key = [0u8; LEN];
        key[..4].copy_from_slice(b"Jefe");
        let k = Key::from_bytes(key);
        // With the key zero-padded to 32 bytes HMAC is unchanged (keys are
        // padded to the block size), so the RFC vector applies.
        assert_eq!(
            hex(&k.mac(b"what do ya want for nothing?")),
            "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843"
        );
        assert_eq!(
            k.subject("what do ya want for nothing?").to_string(),
            "5bdcc146bf60754e"
        );
        assert_ne!(
            k.subject("FF-1").to_string(),
            super::super::sha256_hex(b"FF-1")[..16]
        );
    }

    #[test]
    fn a_key_is_created_once_private_and_reused() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("sub").join("audit.key");
        let first = Key::load_or_create(&path).unwrap();
        let again = Key::load_or_create(&path).unwrap();
        assert_eq!(first.subject("FF-1"), again.subject("FF-1"));
        assert_eq!(fs::read(&path).unwrap().len(), LEN);
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = fs::metadata(&path).unwrap().permissions().mode() & 0o777;
            assert_eq!(mode, 0o600);
            fs::set_permissions(&path, fs::Permissions::from_mode(0o644)).unwrap();
            assert!(Key::load_or_create(&path).is_err());
        }
    }
}
