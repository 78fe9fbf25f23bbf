// Which names a save of an image passes to `docker save`: every tag it has, so that a load
// brings all of them back (a save by id alone would bring back an image with no name).
/** The parts of an image row a save needs (the images list's row has them all). */
export interface SavedImage {
  id: string;
  repoTags: string[];
  size: number;
}

export function saveRefs(images: SavedImage[]): string[] {
  const refs: string[] = [];
  for (const image of images) {
    const tags = image.repoTags.filter((t) => t !== '<none>:<none>');
    for (const r of tags.length ? tags : [image.id]) if (!refs.includes(r)) refs.push(r);
  }
  return refs;
}
