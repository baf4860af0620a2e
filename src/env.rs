//! The process environment cuecard reads, captured once at start (tests
//! build one by hand), so nothing below reads `std::env` itself.

use chrono::NaiveDate;

/// The process environment cuecard reads, captured once (tests build one).
#[derive(Default, Clone, Debug)]
pub struct Env {
    pub cuecard_config: Option<String>,
    pub cuecard_today: Option<String>,
    pub xdg_config_home: Option<String>,
    /// Where the audit log lives by default.
    pub xdg_state_home: Option<String>,
    pub home: Option<String>,
    pub user: Option<String>,
    pub no_color: Option<String>,
    pub clicolor: Option<String>,
    pub clicolor_force: Option<String>,
    /// Whether stdout is a terminal.
    pub stdout_tty: bool,
    /// Whether stdin is a terminal.
    pub stdin_tty: bool,
    /// Whether stderr is a terminal.
    pub stderr_tty: bool,
    /// The terminal's width, when stdout is one.
    pub terminal_width: Option<u16>,
    /// The local date, for when nothing else names one.
    pub local_today: Option<NaiveDate>,
}

impl Env {
    pub fn from_process() -> Env {
        use std::io::IsTerminal;
        let var = |name: &str| std::env::var(name).ok();
        let stdout_tty = std::io::stdout().is_terminal();
        Env {
            cuecard_config: var("CUECARD_CONFIG"),
            cuecard_today: var("CUECARD_TODAY"),
            xdg_config_home: var("XDG_CONFIG_HOME"),
            xdg_state_home: var("XDG_STATE_HOME"),
            home: var("HOME"),
            user: var("USER"),
            no_color: var("NO_COLOR"),
            clicolor: var("CLICOLOR"),
            clicolor_force: var("CLICOLOR_FORCE"),
            stdout_tty,
            stdin_tty: std::io::stdin().is_terminal(),
            stderr_tty: std::io::stderr().is_terminal(),
            terminal_width: stdout_tty.then(terminal_width).flatten(),
            local_today: Some(chrono::Local::now().date_naive()),
        }
    }

    /// A variable's value, unless it is unset or empty.
    pub fn set(value: &Option<String>) -> Option<&str> {
        value.as_deref().filter(|v| !v.is_empty())
    }
}

fn terminal_width() -> Option<u16> {
    let table = comfy_table::Table::new();
    table.width().filter(|w| *w >= 20)
}
