// DescribeAICImages (§4) and ShareAICImage (§2).
import { errors } from "../errors";
import { paginate } from "../params";
import { type ActionHandler, paging } from "./types";

export const describeAicImages: ActionHandler = (p, { state }) => {
  // PageNumber / PageSize are declared strings on the wire; they must hold numeric text.
  const { pageNumber, pageSize } = paging(p);
  const imageId = p.str("ImageId");
  const imageUrl = p.str("ImageUrl");
  const status = p.str("Status", { oneOf: ["verifying", "disable", "available"] });
  const imageType = p.str("ImageType", { oneOf: ["public", "private"] });
  const minDate = p.date("MinDate");
  const maxDate = p.date("MaxDate");
  const description = p.str("Description");
  const matched = state.images.filter((img) => {
    if (imageId !== undefined && img.ImageId !== imageId) return false;
    if (imageUrl !== undefined && img.ImageUrl !== imageUrl) return false;
    if (status !== undefined && img.Status !== status) return false;
    if (imageType !== undefined && img.imageType !== imageType) return false;
    const day = img.CreationTime.slice(0, 10);
    if (minDate && day < minDate) return false;
    if (maxDate && day > maxDate) return false;
    // Choice (UNCONFIRMED): Description is a case-sensitive substring match; ImageId/ImageUrl exact.
    if (description !== undefined && !img.Description.includes(description)) return false;
    return true;
  });
  return {
    Images: paginate(matched, pageNumber, pageSize).map(({ imageType: _t, ...rest }) => rest),
    PageNumber: pageNumber,
    PageSize: pageSize,
    TotalCount: matched.length,
  };
};

export const shareAicImage: ActionHandler = (p, { state }) => {
  const imageId = p.str("ImageId", { required: true, maxLength: 128 })!;
  // Users: 1–10 account UIDs, each exactly 16 decimal digits, as one JSON text parameter.
  const users = p.stringArray("Users", { required: true, minItems: 1, maxItems: 10, item: /^\d{16}$/ })!;
  if (!state.imagesById.has(imageId)) throw errors.invalidParameter("ImageId");
  // Choice (UNCONFIRMED): sharing is additive and idempotent (duplicates recorded once).
  let set = state.shares.get(imageId);
  if (!set) state.shares.set(imageId, (set = new Set()));
  for (const u of users) set.add(u);
  return {};
};
