import { describeArmServerInstances } from "./describe-arm-servers";
import { describeAicImages, shareAicImage } from "./images";
import { rebootAicInstance, resetAicInstance } from "./instances";
import { manageAicLogin } from "./manage-login";
import { deleteAicPublicKey, listAicPublicKeyDeliveries, listAicPublicKeys, uploadAicPublicKey } from "./public-keys";
import type { ActionHandler } from "./types";

export const API_VERSION = "2017-11-10";

export const ACTIONS: Record<string, ActionHandler> = {
  DescribeARMServerInstances: describeArmServerInstances,
  DescribeAICImages: describeAicImages,
  ListAICPublicKeys: listAicPublicKeys,
  ListAICPublicKeyDeliveries: listAicPublicKeyDeliveries,
  UploadAICPublicKey: uploadAicPublicKey,
  DeleteAICPublicKey: deleteAicPublicKey,
  ManageAICLogin: manageAicLogin,
  ShareAICImage: shareAicImage,
  RebootAICInstance: rebootAicInstance,
  ResetAICInstance: resetAicInstance,
};
