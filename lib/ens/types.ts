// Wire-level request/response shapes for the ENS 2017-11-10 AIC actions (see shared/ens-api.md §1–§9).
// Request fields use the wire names; arrays and objects are JSON-serialized by serialize.ts.

export interface EnsResponseBase {
  RequestId: string;
}

export interface PagedResponse extends EnsResponseBase {
  PageNumber?: number;
  PageSize?: number;
  TotalCount?: number;
}

export type SortOrder = "asc" | "desc";

export interface OrderByParams {
  ServerIdSort?: SortOrder;
  ServerNameSort?: SortOrder;
  ExpireTimeSort?: SortOrder;
  CreationTimeSort?: SortOrder;
  EnsRegionIdSort?: SortOrder;
}

export interface EnsTag {
  Key: string;
  Value: string;
}

export type ServerState = "success" | "failed" | "creating" | "releasing" | "rebooting" | "upgrading";
export type ServerStatus = "running" | "stopping" | "down" | "starting";
export type AicState = "success" | "failed" | "creating" | "releasing" | "rebooting" | "reseting";
export type AicStatus = "running" | "pending" | "terminating";

// §3 DescribeARMServerInstances
export interface DescribeArmServerInstancesRequest {
  ServerIds?: string[];
  EnsRegionIds?: string[];
  PageNumber?: number;
  /** max 100 */
  PageSize?: number;
  /** `YYYY-MM-DD` */
  MinDate?: string;
  MaxDate?: string;
  States?: string[];
  AICSpecs?: string[];
  ServerSpecs?: string[];
  Name?: string;
  Namespace?: string;
  Tags?: EnsTag[];
  /** An object is sent as its JSON text; a string is sent as-is. */
  OrderByParams?: OrderByParams | string;
  /** Defaults to true on the server. */
  DescribeAICInstances?: boolean;
}

export interface AicNetworkAttributes {
  IpAddress?: string;
  NetworkId?: string;
  VSwitchId?: string;
}

export interface AicSdgDeployInfo {
  SDGId?: string;
  Status?: string;
}

export interface AicInstance {
  InstanceId: string;
  Name?: string;
  Spec?: string;
  ImageId?: string;
  State?: AicState | string;
  Status?: AicStatus | string;
  Frequency?: number;
  Resolution?: string;
  LatestAction?: string;
  NetworkAttributes?: AicNetworkAttributes;
  SdgDeployInfo?: AicSdgDeployInfo;
}

export interface ArmServer {
  ServerId: string;
  Name?: string;
  SpecName?: string;
  EnsRegionId?: string;
  Namespace?: string;
  CreationTime?: string;
  ExpiredTime?: string;
  PayType?: string;
  State?: ServerState | string;
  Status?: ServerStatus | string;
  LatestAction?: string;
  Tags?: EnsTag[];
  AICInstances?: AicInstance[];
}

export interface DescribeArmServerInstancesResponse extends PagedResponse {
  Servers?: ArmServer[];
}

// §4 DescribeAICImages
export interface DescribeAicImagesRequest {
  ImageId?: string;
  ImageUrl?: string;
  /** Declared as string on the wire; numbers are sent as decimal text. */
  PageNumber?: number | string;
  PageSize?: number | string;
  Status?: "verifying" | "disable" | "available";
  MinDate?: string;
  MaxDate?: string;
  ImageType?: "public" | "private";
  Description?: string;
}

export interface AicImage {
  ImageId: string;
  ImageUrl?: string;
  User?: string;
  Status?: string;
  CreationTime?: string;
  Description?: string;
  AndroidVersion?: string;
}

export interface DescribeAicImagesResponse extends PagedResponse {
  Images?: AicImage[];
}

// §5 ListAICPublicKeys
export interface ListAicPublicKeysRequest {
  KeyName?: string;
  KeyGroup?: string;
  KeyType?: string;
  PageNumber?: number;
  PageSize?: number;
}

export interface AicPublicKey {
  KeyName: string;
  KeyGroup?: string;
  KeyType?: string;
  Content?: string;
  Description?: string;
  CreationTime?: string;
}

export interface ListAicPublicKeysResponse extends PagedResponse {
  PublicKeys?: AicPublicKey[];
}

// §6 ListAICPublicKeyDeliveries
export interface ListAicPublicKeyDeliveriesRequest {
  KeyName?: string;
  KeyGroup?: string;
  KeyType?: string;
  InstanceId?: string;
  PageNumber?: number;
  PageSize?: number;
}

export interface AicPublicKeyDelivery {
  KeyName: string;
  KeyGroup?: string;
  KeyType?: string;
  InstanceId: string;
  CreationTime?: string;
}

export interface ListAicPublicKeyDeliveriesResponse extends PagedResponse {
  /** Singular name on the wire, but it is an array. */
  PublicKeyDeliverInfo?: AicPublicKeyDelivery[];
}

// §7 UploadAICPublicKey
export interface UploadAicPublicKeyRequest {
  /** 8–128 characters */
  KeyName: string;
  KeyGroup?: string;
  KeyType: string;
  /** max 1024 characters */
  Content: string;
  Description?: string;
}
export type UploadAicPublicKeyResponse = EnsResponseBase;

// §8 DeleteAICPublicKey
export interface DeleteAicPublicKeyRequest {
  KeyName: string;
}
export type DeleteAicPublicKeyResponse = EnsResponseBase;

// §1 ManageAICLogin
export interface ManageAicLoginRequest {
  InstanceId: string;
  ActionName: "open" | "close";
  KeyName?: string;
  KeyGroup?: string;
}
export type ManageAicLoginResponse = EnsResponseBase;

// §2 ShareAICImage
export interface ShareAicImageRequest {
  ImageId: string;
  /** 1–10 account UIDs */
  Users: string[];
}
export type ShareAicImageResponse = EnsResponseBase;

// §9 RebootAICInstance / ResetAICInstance
export interface RebootAicInstanceRequest {
  ServerId?: string;
  InstanceId?: string;
  /** max 20 */
  InstanceIds?: string[];
}
export type RebootAicInstanceResponse = EnsResponseBase;

export interface ResetAicInstanceRequest {
  ServerId?: string;
  InstanceId?: string;
}
export type ResetAicInstanceResponse = EnsResponseBase;

/** One AIC instance flattened with the fields of the server that hosts it. */
export interface AicInstanceRow {
  InstanceId: string;
  Name?: string;
  Spec?: string;
  ImageId?: string;
  State?: string;
  Status?: string;
  Frequency?: number;
  Resolution?: string;
  LatestAction?: string;
  IpAddress?: string;
  NetworkId?: string;
  VSwitchId?: string;
  SdgStatus?: string;
  ServerId: string;
  ServerName?: string;
  ServerSpec?: string;
  EnsRegionId?: string;
  Namespace?: string;
  ServerState?: string;
  ServerStatus?: string;
  /** The server's tags (ENS tags servers, not AIC instances). */
  Tags?: EnsTag[];
}

export type EnsAction =
  | "DescribeARMServerInstances"
  | "DescribeAICImages"
  | "ListAICPublicKeys"
  | "ListAICPublicKeyDeliveries"
  | "UploadAICPublicKey"
  | "DeleteAICPublicKey"
  | "ManageAICLogin"
  | "ShareAICImage"
  | "RebootAICInstance"
  | "ResetAICInstance";
