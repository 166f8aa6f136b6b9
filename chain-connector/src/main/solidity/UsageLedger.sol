// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.28;

import {AccessControl} from "@openzeppelin/contracts/access/AccessControl.sol";
import {MerkleProof} from "@openzeppelin/contracts/utils/cryptography/MerkleProof.sol";

/// The public books of usage: one Merkle root per epoch over that epoch's usage records (meeting,
/// node, participant-minutes, quality). Anyone holding a record and its proof checks it against
/// the root here, with {verify} or off chain.
contract UsageLedger is AccessControl {
    bytes32 public constant PUBLISHER_ROLE = keccak256("PUBLISHER_ROLE");

    mapping(uint256 epoch => bytes32) public rootOf;
    mapping(uint256 epoch => uint256) public recordsOf;

    event UsageRootPublished(uint256 indexed epoch, bytes32 root, uint256 records);

    error EpochAlreadyPublished(uint256 epoch);
    error EmptyRoot();

    constructor(address admin, address publisher) {
        _grantRole(DEFAULT_ADMIN_ROLE, admin);
        _grantRole(PUBLISHER_ROLE, publisher);
    }

    function publishRoot(uint256 epoch, bytes32 root, uint256 records)
        external
        onlyRole(PUBLISHER_ROLE)
    {
        if (root == bytes32(0)) revert EmptyRoot();
        if (rootOf[epoch] != bytes32(0)) revert EpochAlreadyPublished(epoch);
        rootOf[epoch] = root;
        recordsOf[epoch] = records;
        emit UsageRootPublished(epoch, root, records);
    }

    /// Whether `leaf` (a double-hashed record) belongs to the epoch's published tree.
    function verify(uint256 epoch, bytes32 leaf, bytes32[] calldata proof)
        external
        view
        returns (bool)
    {
        bytes32 root = rootOf[epoch];
        return root != bytes32(0) && MerkleProof.verifyCalldata(proof, root, leaf);
    }
}
