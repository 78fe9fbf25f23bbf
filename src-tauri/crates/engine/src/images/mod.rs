//! Images: `history` (`docker history`, each step's instruction made readable) and `layers`
//! (the layer explorer: what each layer of a saved image added, changed and deleted).

pub mod history;
pub mod layers;
