// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.28;

import {AccessControl} from "@openzeppelin/contracts/access/AccessControl.sol";
import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {SafeERC20} from "@openzeppelin/contracts/token/ERC20/utils/SafeERC20.sol";
import {MerkleProof} from "@openzeppelin/contracts/utils/cryptography/MerkleProof.sol";

/// Operator rewards, one Merkle root per epoch. The publisher (the platform's signer) publishes
/// an epoch's root and funds it from its own balance in the same transaction, so settling an
/// epoch costs one transaction whatever the number of operators. Each operator then claims its
/// amount with a proof; a leaf is keccak256(keccak256(abi.encode(epoch, operator, amount))), the
/// double-hashed leaf of OpenZeppelin's standard Merkle tree.
contract RewardsDistributor is AccessControl {
    using SafeERC20 for IERC20;

    bytes32 public constant PUBLISHER_ROLE = keccak256("PUBLISHER_ROLE");

    IERC20 public immutable token;

    mapping(uint256 epoch => bytes32) public rootOf;
    mapping(uint256 epoch => uint256) public totalOf;
    mapping(uint256 epoch => uint256) public claimedOf;
    mapping(uint256 epoch => mapping(address operator => bool)) public hasClaimed;

    event RootPublished(uint256 indexed epoch, bytes32 root, uint256 total, uint256 operators);
    event Claimed(uint256 indexed epoch, address indexed operator, uint256 amount);

    error EpochAlreadyPublished(uint256 epoch);
    error EpochNotPublished(uint256 epoch);
    error EmptyRoot();
    error AlreadyClaimed(uint256 epoch, address operator);
    error InvalidProof();
    error EpochOverdrawn(uint256 epoch);

    constructor(IERC20 rewardToken, address admin, address publisher) {
        token = rewardToken;
        _grantRole(DEFAULT_ADMIN_ROLE, admin);
        _grantRole(PUBLISHER_ROLE, publisher);
    }

    function publishRoot(uint256 epoch, bytes32 root, uint256 total, uint256 operators)
        external
        onlyRole(PUBLISHER_ROLE)
    {
        if (root == bytes32(0)) revert EmptyRoot();
        if (rootOf[epoch] != bytes32(0)) revert EpochAlreadyPublished(epoch);
        rootOf[epoch] = root;
        totalOf[epoch] = total;
        token.safeTransferFrom(msg.sender, address(this), total);
        emit RootPublished(epoch, root, total, operators);
    }

    function claim(uint256 epoch, address operator, uint256 amount, bytes32[] calldata proof)
        external
    {
        bytes32 root = rootOf[epoch];
        if (root == bytes32(0)) revert EpochNotPublished(epoch);
        if (hasClaimed[epoch][operator]) revert AlreadyClaimed(epoch, operator);
        bytes32 leaf = keccak256(bytes.concat(keccak256(abi.encode(epoch, operator, amount))));
        if (!MerkleProof.verifyCalldata(proof, root, leaf)) revert InvalidProof();
        hasClaimed[epoch][operator] = true;
        claimedOf[epoch] += amount;
        if (claimedOf[epoch] > totalOf[epoch]) revert EpochOverdrawn(epoch);
        token.safeTransfer(operator, amount);
        emit Claimed(epoch, operator, amount);
    }
}
