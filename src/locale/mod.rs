//! Everything that depends on the language cues are written in. cuecard
//! speaks English only today; a second language would add a sibling of
//! [`en`] (and a bank of its own under `src/bank/`), not edit the
//! classifier, the planner or the renderers.

pub(crate) mod en;
