//! The kept network list: which notices concern it and how it is fetched, for the generic
//! keeper (`supervisor::keeper`).
//!
//! Any network notice and any container notice refetch the whole list: a container created on,
//! started on or removed from a network changes that network's row, and the two list calls a
//! fill costs are cheaper than working out which rows a container touched.

use super::NetworkRow;
use crate::connection::Engine;
use crate::error::EngineError;
use crate::kept::ListChange;
use crate::supervisor::keeper::{Keeper, Listing};
use crate::supervisor::ResourcesChanged;
use crate::ResourceKind;
use futures_util::future::BoxFuture;

/// `docker network ls`, with the containers on each network.
pub struct Networks;

impl Listing for Networks {
    type Row = NetworkRow;

    fn change(notice: &ResourcesChanged) -> Option<ListChange> {
        let concerns = notice.reconcile
            || notice
                .kinds
                .iter()
                .any(|k| matches!(k, ResourceKind::Network | ResourceKind::Container));
        concerns.then_some(ListChange::Everything)
    }

    fn all(engine: &Engine) -> BoxFuture<'_, Result<Vec<NetworkRow>, EngineError>> {
        Box::pin(engine.networks())
    }

    fn named<'a>(
        engine: &'a Engine,
        keys: &'a [String],
    ) -> BoxFuture<'a, Result<Vec<NetworkRow>, EngineError>> {
        Box::pin(engine.networks_by_id(keys))
    }
}

/// The kept network list.
pub type NetworkKeeper = Keeper<Networks>;

#[cfg(test)]
mod tests {
    use super::*;

    fn notice(kinds: &[ResourceKind], reconcile: bool) -> ResourcesChanged {
        ResourcesChanged {
            kinds: kinds.to_vec(),
            reconcile,
            container_ids: None,
            seq: 1,
        }
    }

    #[test]
    fn network_and_container_notices_refetch_the_list() {
        use ResourceKind::{Container, Image, Network, Volume};
        assert_eq!(Networks::change(&notice(&[Image, Volume], false)), None);
        for kinds in [&[Network][..], &[Container], &[Image, Container]] {
            assert_eq!(
                Networks::change(&notice(kinds, false)),
                Some(ListChange::Everything)
            );
        }
        assert_eq!(
            Networks::change(&notice(&[], true)),
            Some(ListChange::Everything)
        );
    }
}
