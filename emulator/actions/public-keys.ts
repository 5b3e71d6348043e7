// ListAICPublicKeys (§5), ListAICPublicKeyDeliveries (§6), UploadAICPublicKey (§7), DeleteAICPublicKey (§8).
import { errors } from "../errors";
import { paginate } from "../params";
import { formatIsoCst } from "../util";
import { type ActionHandler, paging } from "./types";

// Choice (UNCONFIRMED): list filters (KeyName, KeyGroup, KeyType, InstanceId) are exact matches;
// paging defaults 1 / 10; rows come in creation order.
export const listAicPublicKeys: ActionHandler = (p, { state }) => {
  const { pageNumber, pageSize } = paging(p);
  const keyName = p.str("KeyName");
  const keyGroup = p.str("KeyGroup");
  const keyType = p.str("KeyType");
  const matched = state.keys.filter(
    (k) =>
      (keyName === undefined || k.KeyName === keyName) &&
      (keyGroup === undefined || k.KeyGroup === keyGroup) &&
      (keyType === undefined || k.KeyType === keyType),
  );
  return { PublicKeys: paginate(matched, pageNumber, pageSize), PageNumber: pageNumber, PageSize: pageSize, TotalCount: matched.length };
};

export const listAicPublicKeyDeliveries: ActionHandler = (p, { state }) => {
  const { pageNumber, pageSize } = paging(p);
  const keyName = p.str("KeyName");
  const keyGroup = p.str("KeyGroup");
  const keyType = p.str("KeyType");
  const instanceId = p.str("InstanceId");
  const matched = state.deliveries.filter(
    (d) =>
      (keyName === undefined || d.KeyName === keyName) &&
      (keyGroup === undefined || d.KeyGroup === keyGroup) &&
      (keyType === undefined || d.KeyType === keyType) &&
      (instanceId === undefined || d.InstanceId === instanceId),
  );
  return {
    PublicKeyDeliverInfo: paginate(matched, pageNumber, pageSize),
    PageNumber: pageNumber,
    PageSize: pageSize,
    TotalCount: matched.length,
  };
};

export const uploadAicPublicKey: ActionHandler = (p, { state, now }) => {
  const keyName = p.str("KeyName", { required: true, minLength: 8, maxLength: 128 })!;
  const keyType = p.str("KeyType", { required: true })!;
  const content = p.str("Content", { required: true, maxLength: 1024 })!;
  const keyGroup = p.str("KeyGroup", { maxLength: 128 }) ?? "";
  const description = p.str("Description", { maxLength: 128 }) ?? "";
  // Choice (UNCONFIRMED): a duplicate KeyName answers Interface.Call.Failed.
  if (state.findKey(keyName)) throw errors.callFailed(`The public key ${keyName} already exists`);
  state.keys.push({
    KeyName: keyName,
    KeyGroup: keyGroup,
    KeyType: keyType,
    Content: content,
    Description: description,
    CreationTime: formatIsoCst(now),
  });
  return {};
};

export const deleteAicPublicKey: ActionHandler = (p, { state }) => {
  const keyName = p.str("KeyName", { required: true, maxLength: 128 })!;
  // Choice: an unknown key answers InvalidParameter.KeyName.
  const index = state.keys.findIndex((k) => k.KeyName === keyName);
  if (index < 0) throw errors.invalidParameter("KeyName");
  // Documented: deletion only without deliveries. Choice (UNCONFIRMED code): Interface.Call.Failed.
  const delivered = state.deliveries.filter((d) => d.KeyName === keyName).length;
  if (delivered > 0) {
    throw errors.callFailed(`The public key ${keyName} is still delivered to ${delivered} instance(s), close the login first`);
  }
  state.keys.splice(index, 1);
  return {};
};
