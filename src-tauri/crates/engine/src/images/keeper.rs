//! The kept image list: which notices concern it and how it is fetched, for the generic keeper
//! (`supervisor::keeper`).
//!
//! Any image notice and any container notice refetch the whole list: a row counts the
//! containers made from the image, so creating or removing a container changes it, and one
//! fill (two list calls) is cheaper than working out which rows an event touched.

use super::ImageRow;
use crate::connection::Engine;
use crate::error::EngineError;
use crate::kept::ListChange;
use crate::supervisor::keeper::{Keeper, Listing};
use crate::supervisor::ResourcesChanged;
use crate::ResourceKind;
use futures_util::future::BoxFuture;

/// `docker images`, with how many containers use each image.
pub struct Images;

impl Listing for Images {
    type Row = ImageRow;

    fn change(notice: &ResourcesChanged) -> Option<ListChange> {
        let concerns = notice.reconcile
            || notice
                .kinds
                .iter()
                .any(|k| matches!(k, ResourceKind::Image | ResourceKind::Container));
        concerns.then_some(ListChange::Everything)
    }

    fn all(engine: &Engine) -> BoxFuture<'_, Result<Vec<ImageRow>, EngineError>> {
        Box::pin(engine.images())
    }

    fn named<'a>(
        engine: &'a Engine,
        keys: &'a [String],
    ) -> BoxFuture<'a, Result<Vec<ImageRow>, EngineError>> {
        Box::pin(engine.images_by_id(keys))
    }
}

/// The kept image list.
pub type ImageKeeper = Keeper<Images>;

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
    fn image_and_container_notices_refetch_the_list() {
        use ResourceKind::{Container, Image, Network, Volume};
        assert_eq!(Images::change(&notice(&[Network, Volume], false)), None);
        for kinds in [&[Image][..], &[Container], &[Volume, Container]] {
            assert_eq!(
                Images::change(&notice(kinds, false)),
                Some(ListChange::Everything)
            );
        }
        assert_eq!(
            Images::change(&notice(&[], true)),
            Some(ListChange::Everything)
        );
    }
}
